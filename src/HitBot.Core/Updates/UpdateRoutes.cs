using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Updates;

/// <summary>Reactions to updates ("Helpful" / "Not helpful"), and the chat commands "latest update" and "updates".</summary>
public sealed class UpdateRoutes(UpdateStore updates, UpdateSender sender, ProgramClock clock, TimeProvider time, IOptions<StorageOptions> storage)
    : IInteractionRoutes
{
    const int ListLength = 5;

    public static readonly string LeftNotRecorded = LeftProgram.Refusal("your reaction was not recorded");

    public void Register(InteractionRouter router)
    {
        router.MapVerb<UpdateReactionData>(UpdateCards.ReactVerb, (_, person, data) => React(person, data));
        router.MapCommand("latest update", "Show the most recent update again", (_, person) => Latest(person));
        router.MapCommand("updates", "List the last five updates", (_, person) => List(person));
        // How people also ask for it: each was offered to the central team as feedback instead.
        router.MapCommand("latest", "Same as latest update", (_, person) => Latest(person), listed: false);
        router.MapCommand("last update", "Same as latest update", (_, person) => Latest(person), listed: false);
    }

    InteractionResult React(Person person, UpdateReactionData data)
    {
        // Someone who left counts in no report, as their survey answers are not recorded (README, "People who leave").
        if (person.Inactive) return InteractionResult.Notify(LeftNotRecorded);
        if (updates.Find(data.Update) is not { } update)
            return InteractionResult.Notify("Sorry, this update is no longer available.");
        if (update.RecalledAt is not null) return InteractionResult.Notify("This update was withdrawn by the central team, so your reaction was not recorded.");
        if (!sender.WasSentTo(update, person.Id))
            // Past RetentionDays the daily pass has deleted the record of who received it: "not sent to you" would be untrue.
            return InteractionResult.Notify(update.SentAt is { } sent && sent < time.GetUtcNow().UtcDateTime.AddDays(-storage.Value.RetentionDays)
                ? $"This update is older than the {storage.Value.RetentionDays} days HitBot keeps a record of who received what, so your reaction was not recorded."
                : "This update was not sent to you, so your reaction was not recorded.");
        Reaction? reaction = data.Reaction switch
        {
            UpdateCards.Helpful => Reaction.Helpful,
            UpdateCards.NotHelpful => Reaction.NotHelpful,
            _ => null,
        };
        if (reaction is not { } given) return InteractionResult.Notify("Sorry, that answer is not one this card offers.");
        updates.React(update.Id, person.Id, given, time.GetUtcNow());
        return InteractionResult.Update(UpdateCards.Card(update, given));
    }

    InteractionResult Latest(Person person) => Latest(person, sender, updates);

    /// <summary>"latest update"; also "update" from someone who may not post one (<see cref="UpdateComposeRoutes"/>).</summary>
    internal static InteractionResult Latest(Person person, UpdateSender sender, UpdateStore updates)
    {
        if (LeftProgram.Answer(person) is { } left) return left;
        if (sender.ReceivedBy(person.Id, 1) is not [var latest]) return InteractionResult.Respond(Message.Text("No updates have been sent to you yet."));
        return InteractionResult.Respond(UpdateCards.Card(latest, updates.ReactionOf(latest.Id, person.Id)));
    }

    InteractionResult List(Person person) => LeftProgram.Answer(person) ??
        InteractionResult.Respond(UpdateCards.List(sender.ReceivedBy(person.Id, ListLength), clock.ZoneOf(person)));
}
