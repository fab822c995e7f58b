using HitBot.Core.ActionPlan;
using LiteDB;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>
/// The items the reminder loop reads at each look: open, owned, with a due date, not a series (the occurrences carry its
/// reminders); read through an index that follows every change of an item.
/// </summary>
public sealed class RemindableItemsTests : IDisposable
{
    static readonly DateTime Created = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    readonly TempDb temp = new();

    static ActionItem Item(string id, Func<ActionItem, ActionItem>? change = null)
    {
        var item = new ActionItem { Id = id, Title = id, OwnerId = "ann", DueDate = new DateOnly(2026, 3, 18), CreatedAt = Created, UpdatedAt = Created };
        return change?.Invoke(item) ?? item;
    }

    [Fact]
    public void Only_open_owned_dated_items_are_looked_at_and_an_item_done_then_reopened_comes_back()
    {
        var store = new ActionPlanStore(temp.Db);
        store.Save(Item("open"));
        store.Save(Item("blocked", i => i with { Status = ItemStatus.Blocked, BlockedReason = "no room" }));
        store.Save(Item("done", i => i with { Status = ItemStatus.Done }));
        store.Save(Item("missed", i => i with { Status = ItemStatus.Missed, SeriesId = "meet" }));
        store.Save(Item("archived", i => i with { Archived = true }));
        store.Save(Item("nobodys", i => i with { OwnerId = null }));
        store.Save(Item("undated", i => i with { DueDate = null }));
        store.Save(Item("meet", i => i with { Repeat = new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Tuesday } }));

        var before = store.OpenAssigned().Select(i => i.Id).Order().ToList();
        store.Save(store.Find("open")! with { Status = ItemStatus.Done });
        var whenDone = store.OpenAssigned().Select(i => i.Id).Order().ToList();
        store.Save(store.Find("open")! with { Status = ItemStatus.InProgress });

        Assert.Equal(["blocked", "open"], before);
        Assert.Equal(["blocked"], whenDone);
        Assert.Equal(["blocked", "open"], store.OpenAssigned().Select(i => i.Id).Order());
    }

    [Fact]
    public void A_file_from_before_the_index_still_reminds_its_open_items_after_the_upgrade()
    {
        new ActionPlanStore(temp.Db).Save(Item("open"));
        new ActionPlanStore(temp.Db).Save(Item("done", i => i with { Status = ItemStatus.Done }));

        var store = new ActionPlanStore(temp.ReopenAfter(file =>
        {
            file.GetCollection(ActionPlanStore.Items).DropIndex(ActionPlanStore.RemindedIndex);
            file.UserVersion = 20;
        }));
        var indexes = temp.Db.Collection<BsonDocument>("$indexes").Find(Query.EQ("collection", ActionPlanStore.Items)).Select(i => i["name"].AsString);

        Assert.Equal(HitBot.Core.Storage.Migrations.Current, temp.Db.SchemaVersion);
        Assert.Contains(ActionPlanStore.RemindedIndex, indexes);
        Assert.Equal("open", Assert.Single(store.OpenAssigned()).Id);
    }

    public void Dispose() => temp.Dispose();
}
