using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using LiteDB;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// The queries that must not read a whole collection, held to their index through LiteDB's own query plan. Without the
/// index LiteDB gives the same answer by reading every document, so no other test would notice: at 100,000 people and a
/// million outbox rows that is the difference between milliseconds and seconds at every look.
/// </summary>
public sealed class QueryPlanTests : IDisposable
{
    readonly TempDb temp = new();

    /// <summary>The index LiteDB chose and whether it walks it in order (no sort of everything read afterwards).</summary>
    static (string Index, bool SortedAfter) PlanOf<T>(ILiteQueryableResult<T> query)
    {
        var plan = query.GetPlan();
        return (plan["index"]["name"].AsString, plan.ContainsKey("orderBy"));
    }

    [Fact]
    public void Sent_updates_newest_first_walk_the_send_time_index_in_order()
    {
        var updates = new UpdateStore(temp.Db);

        Assert.Equal((nameof(Update.SentAt), false), PlanOf(updates.SentNewestFirst(writtenBy: null)));
    }

    [Fact]
    public void Drafts_newest_first_walk_the_drafts_index_in_order()
    {
        var updates = new UpdateStore(temp.Db);

        Assert.Equal((UpdateStore.DraftsIndex, false), PlanOf(updates.DraftsNewestFirst(writtenBy: null)));
    }

    [Fact]
    public void A_later_page_of_updates_walks_each_part_of_the_list_down_its_index_from_where_the_last_page_ended()
    {
        var updates = new UpdateStore(temp.Db);
        var ended = new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

        Assert.Equal((nameof(Update.SentAt), false), PlanOf(updates.SentNewestFirst(writtenBy: null, ended)));
        Assert.Equal((UpdateStore.DraftsIndex, false), PlanOf(updates.DraftsNewestFirst(writtenBy: null, ended)));
    }

    [Fact]
    public void A_partner_leads_own_updates_are_found_through_the_writer_index()
    {
        var updates = new UpdateStore(temp.Db);

        Assert.Equal(nameof(Update.CreatedBy), PlanOf(updates.SentNewestFirst("lead-1")).Index);
        Assert.Equal(nameof(Update.CreatedBy), PlanOf(updates.DraftsNewestFirst("lead-1")).Index);
    }

    [Fact]
    public void A_series_finds_its_updates_through_the_series_index()
    {
        var series = new SeriesStore(temp.Db);

        Assert.Equal(nameof(Update.SeriesId), PlanOf(series.InSeriesQuery("s1")).Index);
    }

    [Fact]
    public void The_reminder_loop_reads_action_items_through_the_index_of_those_it_can_remind()
    {
        var plan = new ActionPlanStore(temp.Db);

        Assert.Equal(ActionPlanStore.RemindedIndex, PlanOf(plan.Remindable()).Index);
    }

    [Fact]
    public void The_digest_reads_open_action_items_and_recently_closed_ones_through_their_indexes()
    {
        var plan = new ActionPlanStore(temp.Db);

        Assert.Equal(ActionPlanStore.LiveOpenIndex, PlanOf(plan.LiveOpen()).Index);
        Assert.Equal(ActionPlanStore.ClosedIndex, PlanOf(plan.ClosedAfter(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc))).Index);
    }

    [Fact]
    public void The_series_look_reads_the_series_it_advances_and_their_occurrences_through_indexes()
    {
        var plan = new ActionPlanStore(temp.Db);

        Assert.Equal(ActionPlanStore.AdvancingSeriesIndex, PlanOf(plan.AdvancingSeriesQuery()).Index);
        Assert.Equal(nameof(ActionItem.SeriesId), PlanOf(plan.OccurrencesQuery("meet")).Index);
    }

    [Fact]
    public void A_file_from_before_the_digest_and_series_indexes_gets_them_when_opened()
    {
        temp.ReopenAfter(file =>
        {
            var items = file.GetCollection(ActionPlanStore.Items);
            foreach (var index in new[] { ActionPlanStore.LiveOpenIndex, ActionPlanStore.ClosedIndex, ActionPlanStore.AdvancingSeriesIndex, nameof(ActionItem.SeriesId) })
                Assert.True(items.DropIndex(index));
            file.UserVersion = 22;
        });
        var plan = new ActionPlanStore(temp.Db);

        Assert.Equal(ActionPlanStore.LiveOpenIndex, PlanOf(plan.LiveOpen()).Index);
        Assert.Equal(ActionPlanStore.ClosedIndex, PlanOf(plan.ClosedAfter(new DateTime(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc))).Index);
        Assert.Equal(ActionPlanStore.AdvancingSeriesIndex, PlanOf(plan.AdvancingSeriesQuery()).Index);
        Assert.Equal(nameof(ActionItem.SeriesId), PlanOf(plan.OccurrencesQuery("meet")).Index);
    }

    [Fact]
    public void A_campaigns_rows_are_found_through_the_campaign_index()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());

        Assert.Equal(nameof(Delivery.Campaign), PlanOf(outbox.CampaignQuery("survey:r1")).Index);
    }

    [Fact]
    public void A_big_audiences_budget_reads_only_the_recent_budgeted_rows_through_their_time_index()
    {
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());

        Assert.Equal(OutboxStore.BudgetTimeIndex, PlanOf(outbox.BudgetedSince(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc))).Index);
    }

    [Fact]
    public void A_file_from_before_the_budget_time_index_gets_it_when_opened()
    {
        temp.ReopenAfter(file =>
        {
            file.GetCollection(OutboxStore.Collection).DropIndex(OutboxStore.BudgetTimeIndex);
            file.UserVersion = 21;
        });
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());

        Assert.Equal(OutboxStore.BudgetTimeIndex, PlanOf(outbox.BudgetedSince(new DateTime(2026, 3, 2, 0, 0, 0, DateTimeKind.Utc))).Index);
    }

    public void Dispose() => temp.Dispose();
}
