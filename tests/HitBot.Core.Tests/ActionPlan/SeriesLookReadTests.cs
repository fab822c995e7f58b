using HitBot.Core.ActionPlan;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>The five-minute series look reads the series it can advance and their occurrences, through indexes.</summary>
public sealed class SeriesLookReadTests : IDisposable
{
    static readonly DateTime Created = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    readonly TempDb temp = new();

    static ActionItem Series(string id, int order, Func<ActionItem, ActionItem>? change = null)
    {
        var item = new ActionItem
        {
            Id = id, Order = order, Title = id, OwnerId = "ann", DueDate = new DateOnly(2026, 3, 5), Repeat = new ItemRepeat(),
            CreatedAt = Created, UpdatedAt = Created,
        };
        return change?.Invoke(item) ?? item;
    }

    [Fact]
    public void Only_live_owned_series_not_done_are_advanced_and_a_missed_one_still_is()
    {
        var store = new ActionPlanStore(temp.Db);
        store.Save(Series("s-open", 2));
        store.Save(Series("s-missed", 1, s => s with { Status = ItemStatus.Missed }));
        store.Save(Series("s-blocked", 3, s => s with { Status = ItemStatus.Blocked }));
        store.Save(Series("s-done", 4, s => s with { Status = ItemStatus.Done }));
        store.Save(Series("s-archived", 5, s => s with { Archived = true }));
        store.Save(Series("s-nobodys", 6, s => s with { OwnerId = null }));
        store.Save(Series("plain", 7, s => s with { Repeat = null }));

        Assert.Equal(["s-missed", "s-open", "s-blocked"], store.AdvancingSeries().Select(s => s.Id));
    }

    [Fact]
    public void A_series_occurrences_are_read_in_every_state_and_no_other_series_ones()
    {
        var store = new ActionPlanStore(temp.Db);
        store.Save(Series("s-1-20260319", 1, o => o with { Repeat = null, SeriesId = "s-1" }));
        store.Save(Series("s-1-20260305", 1, o => o with { Repeat = null, SeriesId = "s-1", Status = ItemStatus.Done }));
        store.Save(Series("s-1-20260219", 1, o => o with { Repeat = null, SeriesId = "s-1", Status = ItemStatus.Missed, Archived = true }));
        store.Save(Series("s-2-20260305", 2, o => o with { Repeat = null, SeriesId = "s-2" }));

        Assert.Equal(["s-1-20260219", "s-1-20260305", "s-1-20260319"], store.OccurrencesOf("s-1").Select(o => o.Id));
    }

    public void Dispose() => temp.Dispose();
}
