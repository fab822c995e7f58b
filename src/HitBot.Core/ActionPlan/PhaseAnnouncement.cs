using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.ActionPlan;

/// <summary>What an announcement reached; <see cref="Campaign"/> names its deliveries in the outbox.</summary>
public sealed record AnnouncementReport(string Phase, string Campaign, int Matched, int OptedOut, int NotInChat, int Queued)
{
    /// <summary>Of those queued, the announcements moved to a later day because the person's weekly message budget was full.</summary>
    public int HeldBack { get; init; }
}

/// <summary>
/// Tells chosen roles that the program entered a phase and what it expects of them: the phase (seed 001), their roles' lines
/// (<see cref="PhaseGuide"/>) and their own open items of the phase. Keyed by phase change and person: announcing the same
/// change twice reaches nobody twice, a later change can be announced again. Non-urgent, like a thank-you: it counts in each
/// person's weekly message budget and, when their week is full, waits for the next free day (<see cref="MessageBudget"/>).
/// </summary>
public sealed class PhaseAnnouncement(
    ProgramPhases phases, ActionPlanStore store, AudienceResolver audiences, OutboxStore outbox, MessageBudget budget, TimeProvider time)
{
    /// <summary>
    /// Moves the program to <paramref name="phase"/>. An announcement of the phase it leaves that still waits for someone's
    /// free day would tell them the program is "now in" a phase it has left, so it is not sent.
    /// </summary>
    public CurrentPhase MoveTo(ActionPhase phase)
    {
        var before = phases.Current();
        var now = phases.Set(phase);
        if (before is not null && before != now)
            outbox.Cancel([CampaignOf(before)], $"Not sent: the program moved on to {PhaseGuide.Of(now.Phase).Name} before it went.");
        return now;
    }

    static string CampaignOf(CurrentPhase change) => $"phase:{change.Phase}:{change.ChangedAt.Ticks}";

    public AnnouncementReport? Send(IReadOnlyList<string> roles)
    {
        if (phases.Current() is not { } current) return null;
        var reach = audiences.Resolve(new Audience { Roles = [.. roles] });
        var items = store.All().Where(i => i.Phase == current.Phase && i.IsOpen && !i.IsOccurrence).ToList();
        var campaign = CampaignOf(current);
        var at = time.GetUtcNow();
        // Announcing the same change again queues nobody twice: only the people it has not reached yet are fitted into a week.
        var announced = outbox.ForCampaign(campaign).Select(d => d.PersonId).ToHashSet(StringComparer.Ordinal);
        var planned = budget.Fit(reach.Recipients.Where(r => !announced.Contains(r.Person.Id)).Select(r =>
            Delivery.Send($"{campaign}:{r.Person.Id}", campaign, r.Person.Id, r.Address, Card(current.Phase, r.Person, items.Where(i => i.OwnerId == r.Person.Id).ToList()), at)),
            BudgetOverflow.Defer, at);
        var queued = outbox.EnqueueMany(planned);
        return new AnnouncementReport(DefaultPlan.PhaseKey(current.Phase), campaign, reach.Matched, reach.OptedOut, reach.NotInChat, queued)
        {
            HeldBack = planned.Count(d => d.HeldUntil is not null),
        };
    }

    const int ListedItems = 8;

    public static Message Card(ActionPhase phase, Person person, IReadOnlyList<ActionItem> ownItems)
    {
        var guide = PhaseGuide.Of(phase);
        var body = new List<CardElement>
        {
            new TextBlock($"The program is now in **{guide.Name}** ({guide.GuideName}: {guide.Milestones})."),
            new TextBlock(guide.What, Subtle: true),
            new TextBlock("**What this phase asks of you**\n" + string.Join('\n', PhaseGuide.ExpectationsFor(phase, person.Roles, ownsItems: ownItems.Count > 0).Select(l => "- " + l))),
        };
        if (ownItems.Count > 0)
            body.Add(new TextBlock("**Your action items in this phase**\n" + string.Join('\n', ownItems.Take(ListedItems).Select(i =>
                $"- {i.Title}" + (i.DueDate is { } d && !i.IsSeries ? $" · due {d.ToString("d MMM", CultureInfo.InvariantCulture)}" : "")))
                // A coordinator who owns most of a phase's steps read eight and could not tell there were more.
                + (ownItems.Count > ListedItems ? $"\n- …and {ownItems.Count - ListedItems} more: type \"my items\" to see them all" : "")));
        return new Message($"The program is now in {guide.Name}", new Card($"Now: {guide.Name}", body, []));
    }
}
