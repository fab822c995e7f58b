using HitBot.Core.ActionPlan;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>
/// The digest reads the open items and those closed since the last digest through indexes, not every item; what it shows
/// is held to what it showed when it read every item (<see cref="ActionPlanStore.All"/>, kept here as the oracle).
/// </summary>
public sealed class ActionDigestReadTests : IDisposable
{
    static readonly DateTime LastDigest = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    static readonly DateOnly Today = new(2026, 3, 9);
    readonly TempDb temp = new();

    static ActionItem Item(string id, int order, ItemStatus status = ItemStatus.NotStarted, DateOnly? due = null, string? owner = "ann",
        ActionPhase phase = ActionPhase.InitialImplementation, DateTime? changedAt = null) => new()
    {
        Id = id, Order = order, Title = id, Status = status, DueDate = due, OwnerId = owner, Phase = phase,
        StatusChangedAt = changedAt ?? LastDigest.AddDays(-30), CreatedAt = LastDigest.AddDays(-60), UpdatedAt = LastDigest,
    };

    /// <summary>Items in every state the digest tells apart, with ties in Order (a series and its occurrences) inserted out of id order.</summary>
    ActionPlanStore PlanInEveryState()
    {
        var store = new ActionPlanStore(temp.Db);
        var after = LastDigest.AddHours(5);
        var before = LastDigest.AddDays(-3);
        store.Save(Item("tie-b", 9, owner: null));
        store.Save(Item("tie-a", 9, owner: null));
        store.Save(Item("due-this-week", 1, due: Today.AddDays(2)));
        store.Save(Item("overdue", 2, ItemStatus.InProgress, due: Today.AddDays(-8), owner: "bob", phase: ActionPhase.Installation));
        store.Save(Item("blocked-undated", 3, ItemStatus.Blocked, owner: null) with { BlockedReason = "no room" });
        store.Save(Item("open-undated", 4));
        store.Save(Item("meet", 5, due: new DateOnly(2026, 2, 5)) with { Repeat = new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday } });
        store.Save(Item("meet-20260319", 5, due: new DateOnly(2026, 3, 19)) with { SeriesId = "meet" });
        store.Save(Item("meet-20260305", 5, ItemStatus.Done, new DateOnly(2026, 3, 5), changedAt: after) with { SeriesId = "meet" });
        store.Save(Item("meet-20260219", 5, ItemStatus.Missed, new DateOnly(2026, 2, 19), changedAt: after.AddMinutes(1)) with { SeriesId = "meet" });
        store.Save(Item("meet-20260205", 5, ItemStatus.Missed, new DateOnly(2026, 2, 5), changedAt: before) with { SeriesId = "meet" });
        store.Save(Item("blocked-series", 6, ItemStatus.Blocked, new DateOnly(2026, 1, 8)) with { Repeat = new ItemRepeat { EveryWeeks = 1 } });
        store.Save(Item("done-new", 7, ItemStatus.Done, Today.AddDays(-1), changedAt: after));
        store.Save(Item("done-old", 7, ItemStatus.Done, Today.AddDays(-20), changedAt: before));
        store.Save(Item("done-at-last-digest", 7, ItemStatus.Done, changedAt: LastDigest));
        store.Save(Item("done-unknown-when", 7, ItemStatus.Done) with { StatusChangedAt = null });
        store.Save(Item("archived-open", 8, due: Today) with { Archived = true });
        store.Save(Item("archived-done-new", 8, ItemStatus.Done, changedAt: after) with { Archived = true });
        store.Save(Item("scaling", 10, due: Today.AddDays(40), owner: null, phase: ActionPhase.ScalingAndSustainability));
        return store;
    }

    static ActionDigest Digest(IReadOnlyList<ActionItem> items) =>
        ActionDigest.Build(items, Today, LastDigest, id => id, ActionPhase.InitialImplementation);

    [Fact]
    public void The_digest_shows_what_it_showed_when_it_read_every_item()
    {
        var store = PlanInEveryState();

        var before = Digest(store.All());
        var now = Digest(store.ForDigest(LastDigest));

        List<DigestLine>[] Sections(ActionDigest d) => [d.ThisPhase, d.DueThisWeek, d.Overdue, d.Blocked, d.DoneSinceLast, d.NoOwner, d.MissedSinceLast];
        Assert.All(Sections(before), Assert.NotEmpty);
        Assert.Equal(Sections(before), Sections(now));
        Assert.Equal(before.CurrentPhase, now.CurrentPhase);
        Assert.Equal(["blocked-undated", "blocked-series"], now.Blocked.Select(l => l.Id));
        Assert.Equal(["meet-20260305", "done-new"], now.DoneSinceLast.Select(l => l.Id));
        Assert.Equal(["blocked-undated", "tie-a", "tie-b", "scaling"], now.NoOwner.Select(l => l.Id));
    }

    [Fact]
    public void The_digest_reads_only_open_items_and_those_closed_since_the_last_one()
    {
        var store = PlanInEveryState();

        var read = store.ForDigest(LastDigest).Select(i => i.Id);

        Assert.Equal(
            ["due-this-week", "overdue", "blocked-undated", "open-undated", "meet", "meet-20260219", "meet-20260305", "meet-20260319",
             "blocked-series", "done-new", "tie-a", "tie-b", "scaling"], read);
    }

    [Fact]
    public void An_item_done_after_the_last_digest_and_reopened_is_read_once_as_open()
    {
        var store = PlanInEveryState();
        store.Save(store.Find("done-new")! with { Status = ItemStatus.InProgress, StatusChangedAt = LastDigest.AddDays(1) });

        var read = store.ForDigest(LastDigest).Where(i => i.Id == "done-new");

        Assert.Equal(ItemStatus.InProgress, Assert.Single(read).Status);
    }

    public void Dispose() => temp.Dispose();
}
