using HitBot.Core.Messaging;

namespace HitBot.Core.ActionPlan;

public sealed class ActionPlanCardSamples : ICardSamples
{
    public IEnumerable<CardSample> Samples()
    {
        var today = new DateOnly(2026, 3, 9);
        var items = DefaultPlan.Steps.Take(3).Select((s, i) => new ActionItem
        {
            Id = s.Key, Title = s.Title, Phase = s.Phase, Description = s.Description,
            DueDate = today.AddDays(i * 7 - 3),
            Status = i == 1 ? ItemStatus.Blocked : ItemStatus.InProgress,
            BlockedReason = i == 1 ? "Waiting for the curriculum team's pacing guide" : null,
        }).ToList();
        yield return new CardSample("my-items", ActionPlanCards.MyItems(items, today));
        yield return new CardSample("my-items-empty", ActionPlanCards.MyItems([], today));
        var many = DefaultPlan.Steps.Take(8).Select((s, i) => new ActionItem
        {
            Id = s.Key, Title = s.Title, Phase = s.Phase, Description = s.Description, DueDate = today.AddDays(i), Status = ItemStatus.NotStarted,
        }).ToList();
        yield return new CardSample("my-items-more", ActionPlanCards.MyItems(many, today));
        yield return new CardSample("my-items-last", ActionPlanCards.MyItems(many, today, from: ActionPlanCards.PageSize));
        yield return new CardSample("item-reminders-together", ActionPlanCards.Reminders([.. many.Select(i => i with { DueDate = today.AddDays(-2) })], today));
        var item = items[0] with { DueDate = today.AddDays(-2), Status = ItemStatus.NotStarted };
        yield return new CardSample("item-reminder", ActionItemCards.Item(item, today, ActionItemCards.Occasion.Reminder));
        yield return new CardSample("item-new-for-you", ActionItemCards.NewForOwner(items[1] with { DueDate = today.AddDays(4) }, today, "The central team", today.AddDays(-3)));
        yield return new CardSample("item-new-together", ActionPlanCards.Reminders(many.Take(3).ToList(), today, many.Take(3).Select(i => i.Id).ToHashSet(StringComparer.Ordinal)));
        yield return new CardSample("item-changed", ActionItemCards.Item(item with { Status = ItemStatus.InProgress }, today, ActionItemCards.Occasion.Changed, "Marked as in progress."));
        yield return new CardSample("item-blocked-form", ActionItemCards.BlockedForm(item, inPlace: true, item.Status.ToString()));
        yield return new CardSample("item-note-form", ActionItemCards.NoteForm(item, inPlace: true));
        yield return new CardSample("item-escalation", ActionItemCards.Escalation(items[1] with { DueDate = today.AddDays(-9) }, "Ben Okafor", today, blocked: true));
        yield return new CardSample("item-escalations-together", ActionItemCards.Escalations(
            [.. many.Take(4).Select((i, n) => (i with { DueDate = today.AddDays(-9 - n), Status = n == 0 ? ItemStatus.Blocked : ItemStatus.NotStarted, BlockedReason = n == 0 ? "No rooms until April" : null },
                n == 2 ? "Ben Okafor (left the program)" : "Ben Okafor", n == 0))], today, new ActionPlanOptions().EscalateAfterDaysOverdue));
        var lines = items.Select(i => new DigestLine(i.Id, i.Title, "Ben Okafor", i.DueDate, ActionPlanCards.StatusName(i))).ToList();
        yield return new CardSample("action-plan-digest", new ActionDigest(today, [lines[2]], [lines[0]], [lines[1]], [], [lines[2] with { Owner = null }],
            [new DigestLine("reflection-meetings-20260305", "Conduct Regular Data Reflection Meetings", "Ben Okafor", today.AddDays(-4), "Missed")])
        {
            Others = [new DigestSection("Feedback waiting for a reply", 3, ["4 new since the last digest", "the oldest has waited since Tue 3 Mar",
                "type **feedback inbox** to read and reply, or open the dashboard's Feedback page"])],
        }.Card());
        var principal = new Directory.Person { Id = "sample", Name = "Ben Okafor", Roles = [Directory.Roles.SchoolLeader, Directory.Roles.SiteChampion] };
        yield return new CardSample("phase-announcement", PhaseAnnouncement.Card(ActionPhase.InitialImplementation, principal, [items[0]]));
        var meeting = new ActionItem
        {
            Id = "reflection-meetings-20260312", SeriesId = DefaultPlan.ReflectionMeetings, Title = "Conduct Regular Data Reflection Meetings",
            Phase = ActionPhase.InitialImplementation, DueDate = today.AddDays(3), PreRead = true,
            Description = "Hold data reflection meetings among tutors, site coordinators and district leads.",
        };
        yield return new CardSample("item-meeting-pre-read", ActionItemCards.Item(meeting, today, ActionItemCards.Occasion.Reminder, preRead:
        [
            new TextBlock("**Pre-read: Tutor retention pulse** (closed 27 Feb 2026)"),
            new TextBlock("- **Lincoln Elementary**: 7 of 9 answered (78%); 71% plan to keep tutoring — since Tutor retention pulse of 16 Jan: response rate up 12 points, plan to stay down 4 points"),
            new TextBlock("Sites with fewer than 5 answers are not shown, so nobody's answers can be told apart.", Subtle: true),
        ]));
    }
}
