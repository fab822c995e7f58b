using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The buttons of an action item's card: In progress, Done, Blocked… (asks for the reason), Snooze 3 days, Add a note.
/// Only the owner or the central team may change an item (checked in <see cref="ActionItemChanges"/>); anyone else is told so.
/// </summary>
public sealed class ActionItemRoutes(ActionPlanStore store, ActionItemChanges changes, ProgramClock clock, ProgramCalendar calendar, PeopleDirectory people)
    : IInteractionRoutes
{
    public void Register(InteractionRouter router)
    {
        router.MapVerb<ActionItemStatusData>(ActionItemCards.StatusVerb, (_, person, data) => SetStatus(person, data));
        router.MapVerb<ActionItemData>(ActionItemCards.BlockVerb, Block);
        router.MapForm<ActionItemData>(ActionItemCards.BlockVerb, (i, person, data) => Form(i, person, data, BlockedForm(data)), opensFromButtons: true);
        router.MapVerb<ActionItemData>(ActionItemCards.SnoozeVerb, (_, person, data) => Snoozed(changes.Snooze(data.Item, person.Id), data.Item, person));
        router.MapVerb<ActionItemData>(ActionItemCards.NoteVerb, Note);
        router.MapForm<ActionItemData>(ActionItemCards.NoteVerb, (i, person, data) => Form(i, person, data, ActionItemCards.NoteForm), opensFromButtons: true);
        router.MapVerb<ActionItemData>(ActionItemCards.OpenVerb, (_, person, data) => Open(person, data));
    }

    InteractionResult SetStatus(Person person, ActionItemStatusData data)
    {
        var status = ActionItemChanges.ParseStatus(data.Status);
        if (status is null or ItemStatus.Blocked or ItemStatus.Missed) return InteractionResult.Notify("Sorry, that answer is not one this card offers.");
        var what = status == ItemStatus.Done ? "Marked as done: no more reminders for it. Thank you!" : "Marked as in progress.";
        var result = changes.SetStatus(data.Item, status.Value, null, person.Id, Shown(data.Shown));
        if (result.Outcome == ChangeOutcome.NotAllowed) return Refused(data.Item, person);
        if (result is { Outcome: ChangeOutcome.Stale, Item: { } now })
            return InteractionResult.Update(ActionItemCards.Item(now, Today(now), ActionItemCards.Occasion.Changed, ChangedSince(now, person, status.Value)));
        return Answer(result, what);
    }

    /// <summary>The status a card showed, by name; null on cards sent before they carried it (answered as before).</summary>
    static ItemStatus? Shown(string? shown) => Enum.TryParse<ItemStatus>(shown, out var was) && Enum.IsDefined(was) ? was : null;

    /// <summary>
    /// Why a click on an older card was not recorded: who changed the status since and when (in the clicker's time zone),
    /// above the item as it is now, whose buttons record the click if it still holds.
    /// </summary>
    /// <param name="typed">The reason typed into the Blocked form, given back so it need not be typed again on the new card.</param>
    string ChangedSince(ActionItem item, Person person, ItemStatus asked, string? typed = null)
    {
        var change = item.History.LastOrDefault(n => n.Text.StartsWith("Status:", StringComparison.Ordinal));
        var who = change?.PersonId switch
        {
            null => "The central team",
            var id when id == person.Id => "You",
            var id => people.Find(id) is { } changer ? MarkdownText.Literal(changer.Name) : "Someone",
        };
        var when = change is null ? "" : " at " + TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(change.At, DateTimeKind.Utc), changes.ZoneOf(person.Id))
            .ToString("HH:mm 'on' ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);
        var button = asked switch { ItemStatus.Done => "Done", ItemStatus.Blocked => "Blocked", _ => "In progress" };
        var status = ActionPlanCards.StatusName(item with { BlockedReason = null });
        return $"{who} changed its status to {status}{when}, after this card was sent, so your \"{button}\" was not recorded. " +
            (item.IsOpen ? "Where it stands now is above: press a button again if that has changed."
                : "It is closed now: ask the central team to open it again if it is not finished.") +
            (typed?.Trim() is { Length: > 0 and <= ActionItemChanges.MaxNote } reason ? " What you wrote: " + MarkdownText.Literal(reason) : "");
    }

    /// <summary>
    /// Says the day the next reminder comes (a snooze ending on a weekend ends on the Monday; one ending in a break, when
    /// <see cref="ReminderHolds"/> lets it go after the break), or, for a blocked item, that none come until it is
    /// unblocked: "in 3 days" was a day out from a Thursday, and wrong for a blocked item.
    /// </summary>
    InteractionResult Snoozed(ChangeResult result, string itemId, Person person)
    {
        if (result.Outcome == ChangeOutcome.NotAllowed) return Refused(itemId, person);
        // An old reminder's Snooze, after the item was done: "the next reminder comes on Monday" would be a false promise.
        if (result.Item is { IsOpen: false } closed)
            return Answer(result, closed.Status == ItemStatus.Missed ? "This meeting was missed and is closed, so no reminders come for it." : "It is done, so no reminders come for it.");
        if (result.Item is { DueDate: null })
            return Answer(result, "It has no due date yet, so no reminders come until it has one.");
        if (result.Item is not { SnoozedUntil: { } until } item) return Answer(result, "");
        var day = ReminderSchedule.WorkingDayOnOrAfter(until);
        if (item.Status == ItemStatus.Blocked)
            return Answer(result, $"Snoozed until {Day(day)}. The item is blocked, so no reminders come until it is unblocked.");
        var days = calendar.Days();
        return Answer(result, days.PauseOn(day) is { } pause
            ? $"Snoozed: the next reminder comes on {Day(days.NextWorkingDay(day))}, after {pause.Name}."
            : $"Snoozed: the next reminder comes on {Day(day)}.");
    }

    static string Day(DateOnly day) => day.ToString("ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);

    InteractionResult Block(Interaction interaction, Person person, ActionItemData data)
    {
        if (!interaction.Inputs.TryGetValue(ActionItemCards.ReasonInput, out var reason))
            return AskWith(person, data, BlockedForm(data));
        // From an older card (the item done, or unblocked, since): as for In progress and Done, not recorded over that change.
        var result = changes.SetStatus(data.Item, ItemStatus.Blocked, reason, person.Id, Shown(data.Shown));
        if (result.Outcome == ChangeOutcome.NotAllowed) return Refused(data.Item, person);
        if (result is { Outcome: ChangeOutcome.Stale, Item: { } now })
            return InteractionResult.Update(ActionItemCards.Item(now, Today(now), ActionItemCards.Occasion.Changed, ChangedSince(now, person, ItemStatus.Blocked, reason)));
        return Answer(result, "Marked as blocked. " + WhoHears(person));
    }

    /// <summary>The form carries the status of the card it was opened from, so its answer is checked against that card.</summary>
    static Func<ActionItem, bool, Message> BlockedForm(ActionItemData data) => (item, inPlace) => ActionItemCards.BlockedForm(item, inPlace, data.Shown);

    /// <summary>Who the escalation reaches (ActionReminders.Escalate): an executive champion is named only when there is one to hear it.</summary>
    string WhoHears(Person person) =>
        people.ReachableForWork(Roles.ExecutiveChampion).Any(r => r.Person.Id != person.Id)
            ? "The central team and the executive champion will see why."
            : "The central team will see why.";

    InteractionResult Note(Interaction interaction, Person person, ActionItemData data)
    {
        if (!interaction.Inputs.TryGetValue(ActionItemCards.NoteInput, out var note))
            return AskWith(person, data, ActionItemCards.NoteForm);
        var result = changes.AddNote(data.Item, note, person.Id);
        return result.Outcome == ChangeOutcome.NotAllowed ? Refused(data.Item, person) : Answer(result, "Your note is in the item's history.");
    }

    /// <summary>
    /// The item's card, from the "Update: …" buttons of the owner's own list. Only those who may change it open it: a
    /// forged button would otherwise show anyone on the roster any item's title, description and status.
    /// </summary>
    InteractionResult Open(Person person, ActionItemData data)
    {
        if (store.Find(data.Item) is not { Archived: false } item) return InteractionResult.Notify(ChangeResult.NoItem.Problem!);
        if (!changes.MayChange(item, person.Id)) return InteractionResult.Notify(person.Inactive ? LeftNotChanged : NotYours);
        return InteractionResult.Respond(ActionItemCards.Item(item, Today(item), ActionItemCards.Occasion.Shown));
    }

    /// <summary>
    /// Why a button on someone's card changes nothing: when the item was given to someone else since (its last owner line
    /// takes it from them), to whom and when, as a week-old reminder's "Done" pressed by its former owner was answered only
    /// with the rule, and they could not tell whether it had been given away or something was broken. Otherwise the rule.
    /// </summary>
    InteractionResult Refused(string itemId, Person person)
    {
        // Deactivated, they hold no item: told so, as a survey or an update button tells them, not the rule about owners.
        if (person.Inactive) return InteractionResult.Notify(LeftNotChanged);
        var named = new NamedPeople(people);
        if (store.Find(itemId) is not { } item
            || item.History.LastOrDefault(n => n.Text.StartsWith("Owner: ", StringComparison.Ordinal)) is not { } moved
            || !moved.Text.StartsWith($"Owner: {person.Name} → ", StringComparison.Ordinal))
            return InteractionResult.Notify(ChangeResult.NotAllowed.Problem!);
        var when = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(moved.At, DateTimeKind.Utc), changes.ZoneOf(person.Id))
            .ToString("'at' HH:mm 'on' ddd d MMM", System.Globalization.CultureInfo.InvariantCulture);
        var given = named.NameOf(item.OwnerId) is { } owner
            ? $"The central team gave this item to {MarkdownText.Literal(owner)} {when}"
            : $"The central team took this item off you {when}, and nobody owns it now";
        // Declares the owner it names (README, erasure).
        return InteractionResult.Notify(given + ", so nothing was changed. If it should be yours again, ask the central team.") with { Names = named.Ids };
    }

    static readonly string LeftNotChanged = LeftProgram.Refusal("nothing was changed");

    const string NotYours = "Only the item's owner or the central team can open it. \"my items\" lists yours.";

    /// <summary>A button without its input yet (Teams): the form comes as its own card, answered in place.</summary>
    InteractionResult AskWith(Person person, ActionItemData data, Func<ActionItem, bool, Message> form)
    {
        if (store.Find(data.Item) is not { Archived: false } item) return InteractionResult.Notify(ChangeResult.NoItem.Problem!);
        if (!changes.MayChange(item, person.Id)) return Refused(item.Id, person);
        return InteractionResult.Respond(form(item, true));
    }

    /// <summary>
    /// The form as a Slack modal; it keeps the in-place mark of the card it was opened from. Someone who may not change the
    /// item (it was given to someone else since their card) is told so, as in Teams, not that the form is "no longer available".
    /// </summary>
    InteractionResult Form(Interaction interaction, Person person, ActionItemData data, Func<ActionItem, bool, Message> form)
    {
        if (store.Find(data.Item) is not { Archived: false } item) return InteractionResult.Notify(ChangeResult.NoItem.Problem!);
        if (!changes.MayChange(item, person.Id)) return Refused(item.Id, person);
        return InteractionResult.Update(form(item, interaction.AnswersInPlace));
    }

    InteractionResult Answer(ChangeResult result, string what)
    {
        if (result.Outcome != ChangeOutcome.Changed) return InteractionResult.Notify(result.Problem!);
        var card = ActionItemCards.Item(result.Item!, Today(result.Item!), ActionItemCards.Occasion.Changed, what);
        // A Slack modal opened from the item card updates that card; a form sent as its own card is replaced by the item.
        return InteractionResult.Update(card);
    }

    DateOnly Today(ActionItem item) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.Now().UtcDateTime, changes.ZoneOf(item.OwnerId)));
}
