using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>Reactions to updates ("Helpful" / "Not helpful"), and the chat commands "latest update" and "updates".</summary>
public sealed class UpdateRoutes(UpdateStore updates, UpdateSender sender, ProgramClock clock, TimeProvider time) : IInteractionRoutes
{
    const int ListLength = 5;

    public void Register(InteractionRouter router)
    {
        router.MapVerb(UpdateCards.ReactVerb, React);
        router.MapCommand("latest update", "Show the most recent update again", Latest);
        router.MapCommand("updates", "List the last five updates", List);
    }

    InteractionResult React(Interaction interaction)
    {
        var personId = interaction.PersonId!;
        if (!interaction.Data.TryGetValue("update", out var updateId) || updates.Find(updateId) is not { } update)
            return InteractionResult.Notify("Sorry, this update is no longer available.");
        if (update.RecalledAt is not null) return InteractionResult.Notify("This update was withdrawn by the central team, so your reaction was not recorded.");
        if (!sender.WasSentTo(update, personId))
            return InteractionResult.Notify("This update was not sent to you, so your reaction was not recorded.");
        Reaction? reaction = interaction.Data.GetValueOrDefault("reaction") switch
        {
            UpdateCards.Helpful => Reaction.Helpful,
            UpdateCards.NotHelpful => Reaction.NotHelpful,
            _ => null,
        };
        if (reaction is not { } given) return InteractionResult.Notify("Sorry, that answer is not one this card offers.");
        updates.React(update.Id, personId, given, time.GetUtcNow());
        return InteractionResult.Update(UpdateCards.Card(update, given));
    }

    InteractionResult Latest(Interaction interaction)
    {
        if (sender.ReceivedBy(interaction.PersonId!, 1) is not [var latest]) return InteractionResult.Respond(Message.Text("No updates have been sent to you yet."));
        return InteractionResult.Respond(UpdateCards.Card(latest, updates.ReactionOf(latest.Id, interaction.PersonId!)));
    }

    InteractionResult List(Interaction interaction) =>
        InteractionResult.Respond(UpdateCards.List(sender.ReceivedBy(interaction.PersonId!, ListLength), clock.Zone));
}
