using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Surveys;

namespace HitBot.Core.Feedback;

/// <summary>Text HitBot did not understand, offered to the central team: as feedback, or as a question about the update it answers.</summary>
public sealed partial class FeedbackRoutes
{
    InteractionResult OfferUnknownText(Interaction interaction, Person person)
    {
        var text = (interaction.Text ?? "").Trim();
        if (IsGreeting(text) || InteractionRouter.Normalize(text).Length == 0)
            return router!.Handle(interaction with { Text = "help" }); // a greeting is answered as help is
        if (IsPleasantry(text)) return InteractionResult.Respond(Message.Text(WelcomeText));
        if (Unsendable(text) is { } why) return InteractionResult.Notify(why);
        // Written under an update she was sent (a Slack thread): the offer names it, and sent, the item carries it, so the
        // central team reads it as a question about that update and the update's report counts it. One recalled since
        // is kept too: sent, the question goes on its own, saying why, as "Ask a question" does.
        var replied = interaction.RepliesToUpdateId;
        var title = replied is null ? null : updateTitles.ForQuestionBy(replied, person);
        var withdrawn = replied is not null && title is null && updateTitles.WithdrawnFrom(replied, person);
        var offer = inbox.Offer(TokenFor(interaction, person), text, person.Id, interaction.From, title is not null || withdrawn ? replied : null);
        // Private: the offer quotes the text, which may yet be sent anonymously; its delivery must not keep it next to the writer.
        return InteractionResult.Respond(FeedbackCards.Offer(offer, interaction.CarriesFiles, offersStop: ConsentRoutes.MentionsStopping(text),
            updateTitle: title, underWithdrawnUpdate: withdrawn)) with { Private = true };
    }

    InteractionResult Offered(Interaction interaction, Person person, FeedbackOfferData data)
    {
        var (id, how) = (data.Item, data.As);
        if (how == "cancel")
            return inbox.Decline(id, person.Id) ? InteractionResult.Update(FeedbackCards.NotSent()) : AlreadyDecided(id, interaction, person);
        if (how is not ("named" or FeedbackCards.AnonymousInputId)) return InteractionResult.Notify("Sorry, that answer is not one this card offers.");
        var anonymous = how == FeedbackCards.AnonymousInputId;
        // The rules of "Ask a question" (Send), applied when it is sent: the update may have been recalled since the offer.
        var updateId = store.Find(id)?.OfferedAboutUpdateId;
        var withdrawn = false;
        if (updateId is not null && updateTitles.ForQuestionBy(updateId, person) is null)
        {
            withdrawn = updateTitles.WithdrawnFrom(updateId, person);
            updateId = null;
        }
        var unnamed = NotNamedBeside(updateId, anonymous);
        if (unnamed) updateId = null;
        return inbox.SendOffered(id, person.Id, interaction.From, anonymous, updateId) is { } item
            ? Acknowledged(InteractionResult.Update(FeedbackCards.Acknowledgement(item, updateWithdrawn: withdrawn, updateNotNamed: unnamed)), item)
            : InteractionResult.Notify("Sorry, this message is no longer available. Type feedback and your message to write to the central team.");
    }

    /// <summary>
    /// Anonymous as the surveys are: an update that went to fewer people than a survey shows a group of is not named beside
    /// an anonymous question, or the central team would know it was one of those few who asked.
    /// </summary>
    bool NotNamedBeside(string? updateId, bool anonymous) =>
        anonymous && updateId is not null && updateTitles.TooFewToNameAnonymously(updateId, SurveyResults.SmallestGroup);

    InteractionResult AlreadyDecided(string id, Interaction interaction, Person person) =>
        store.Find(id) is { Status: not FeedbackStatus.Offered } item && (item.PersonId == person.Id || seal.CameFrom(item, interaction.From))
            ? Acknowledged(InteractionResult.Update(FeedbackCards.Acknowledgement(item)), item)
            : InteractionResult.Update(FeedbackCards.NotSent());
}
