using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The buttons of an action item's card: In progress, Done, Blocked… (asks for the reason), Snooze 3 days, Add a note.
/// Only the owner or the central team may change an item (checked in <see cref="ActionItemChanges"/>); anyone else is told so.
/// </summary>
public sealed class ActionItemRoutes(ActionPlanStore store, ActionItemChanges changes, ProgramClock clock) : IInteractionRoutes
{
    public void Register(InteractionRouter router)
    {
        router.MapVerb(ActionItemCards.StatusVerb, SetStatus);
        router.MapVerb(ActionItemCards.BlockVerb, Block);
        router.MapForm(ActionItemCards.BlockVerb, i => Form(i, ActionItemCards.BlockedForm), opensFromButtons: true);
        router.MapVerb(ActionItemCards.SnoozeVerb, i => Answer(i, changes.Snooze(Id(i), i.PersonId), "Snoozed: the next reminder comes in 3 days."));
        router.MapVerb(ActionItemCards.NoteVerb, Note);
        router.MapForm(ActionItemCards.NoteVerb, i => Form(i, ActionItemCards.NoteForm), opensFromButtons: true);
        router.MapVerb(ActionItemCards.OpenVerb, Open);
    }

    InteractionResult SetStatus(Interaction interaction)
    {
        var status = ActionItemChanges.ParseStatus(interaction.Data.GetValueOrDefault("status") ?? "");
        if (status is null or ItemStatus.Blocked or ItemStatus.Missed) return InteractionResult.Notify("Sorry, that answer is not one this card offers.");
        var what = status == ItemStatus.Done ? "Marked as done: no more reminders for it. Thank you!" : "Marked as in progress.";
        return Answer(interaction, changes.SetStatus(Id(interaction), status.Value, null, interaction.PersonId), what);
    }

    InteractionResult Block(Interaction interaction)
    {
        if (!interaction.Inputs.TryGetValue(ActionItemCards.ReasonInput, out var reason))
            return AskWith(interaction, ActionItemCards.BlockedForm);
        return Answer(interaction, changes.SetStatus(Id(interaction), ItemStatus.Blocked, reason, interaction.PersonId),
            "Marked as blocked. The central team and the executive champion will see why.");
    }

    InteractionResult Note(Interaction interaction)
    {
        if (!interaction.Inputs.TryGetValue(ActionItemCards.NoteInput, out var note))
            return AskWith(interaction, ActionItemCards.NoteForm);
        return Answer(interaction, changes.AddNote(Id(interaction), note, interaction.PersonId), "Your note is in the item's history.");
    }

    InteractionResult Open(Interaction interaction) =>
        store.Find(Id(interaction)) is { Archived: false } item
            ? InteractionResult.Respond(ActionItemCards.Item(item, Today(item), ActionItemCards.Occasion.Shown))
            : InteractionResult.Notify(ChangeResult.NoItem.Problem!);

    /// <summary>A button without its input yet (Teams): the form comes as its own card, answered in place.</summary>
    InteractionResult AskWith(Interaction interaction, Func<ActionItem, bool, Message> form)
    {
        if (store.Find(Id(interaction)) is not { Archived: false } item) return InteractionResult.Notify(ChangeResult.NoItem.Problem!);
        if (!changes.MayChange(item, interaction.PersonId)) return InteractionResult.Notify(ChangeResult.NotAllowed.Problem!);
        return InteractionResult.Respond(form(item, true));
    }

    Message? Form(Interaction interaction, Func<ActionItem, bool, Message> form) =>
        store.Find(Id(interaction)) is { Archived: false } item && changes.MayChange(item, interaction.PersonId)
            ? form(item, interaction.Data.ContainsKey("inplace"))
            : null;

    InteractionResult Answer(Interaction interaction, ChangeResult result, string what)
    {
        if (result.Outcome != ChangeOutcome.Changed) return InteractionResult.Notify(result.Problem!);
        var card = ActionItemCards.Item(result.Item!, Today(result.Item!), ActionItemCards.Occasion.Changed, what);
        // A Slack modal opened from the item card updates that card; a form sent as its own card is replaced by the item.
        return InteractionResult.Update(card);
    }

    DateOnly Today(ActionItem item) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.Now().UtcDateTime, changes.ZoneOf(item.OwnerId)));

    static string Id(Interaction interaction) => interaction.Data.GetValueOrDefault("item") ?? "";
}
