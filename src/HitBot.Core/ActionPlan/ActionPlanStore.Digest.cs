using LiteDB;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The reads of the weekly digest and of the series look, each through a filtered index (schema 23): a program keeps years
/// of done and missed items, and neither the digest nor the five-minute look should walk past them.
/// </summary>
public sealed partial class ActionPlanStore
{
    public const string LiveOpenIndex = "LiveOpen";
    /// <summary>An item's plan order while it is <see cref="ActionItem.IsOpen"/> (not archived, not done or missed), no key otherwise.</summary>
    public const string LiveOpenIndexExpression =
        "FILTER([$.Order] => $.Archived != true AND $.Status != 'Done' AND $.Status != 'Missed')";

    public const string ClosedIndex = "Closed";
    /// <summary>
    /// When a live done or missed item was closed, no key otherwise. Two indexes rather than one key holding both (open items
    /// at MAXVALUE, say): LiteDB 5 refuses MinValue and MaxValue as index keys, so such an index fails every open item's write.
    /// </summary>
    public const string ClosedIndexExpression =
        "FILTER([$.StatusChangedAt] => @ != null AND $.Archived != true AND ($.Status = 'Done' OR $.Status = 'Missed'))";

    public const string AdvancingSeriesIndex = "AdvancingSeries";
    /// <summary>A series the look advances (live, owned, not done; a missed series still advances, as before), by plan order.</summary>
    public const string AdvancingSeriesIndexExpression =
        "FILTER([$.Order] => $.Repeat != null AND $.Archived != true AND $.Status != 'Done' AND $.OwnerId != null)";

    /// <summary>
    /// Every item the digest can show: the open ones (any kind: blocked, undated, series) and those done or missed after
    /// <paramref name="closedAfter"/>; <see cref="ActionDigest.Build"/> sorts them into its sections as it did over every item.
    /// </summary>
    public List<ActionItem> ForDigest(DateTime closedAfter) =>
        InPlanOrder(LiveOpen().ToEnumerable().Concat(ClosedAfter(closedAfter).ToEnumerable())
            // Two reads: an item closed between them comes twice, and its later (closed) copy is the one kept.
            .Reverse().DistinctBy(i => i.Id));

    /// <summary>The open blocked items (not a series), whatever their owner and due date: the look escalates each once.</summary>
    public List<ActionItem> OpenBlocked() => [.. LiveOpen().ToEnumerable().Where(i => i.Status == ItemStatus.Blocked && !i.IsSeries)];

    /// <summary>The series the look can advance, in plan order.</summary>
    public List<ActionItem> AdvancingSeries() => InPlanOrder(AdvancingSeriesQuery().ToEnumerable());

    /// <summary>Every occurrence of a series, whatever its state, through the SeriesId index, in plan order.</summary>
    public List<ActionItem> OccurrencesOf(string seriesId) => InPlanOrder(OccurrencesQuery(seriesId).ToEnumerable());

    internal ILiteQueryable<ActionItem> LiveOpen() =>
        ItemsCollection.Query().Where(LiveOpenIndexExpression + " ANY >= @0", BsonValue.MinValue);

    internal ILiteQueryable<ActionItem> ClosedAfter(DateTime at) =>
        ItemsCollection.Query().Where(ClosedIndexExpression + " ANY > @0", new BsonValue(at));

    internal ILiteQueryable<ActionItem> AdvancingSeriesQuery() =>
        ItemsCollection.Query().Where(AdvancingSeriesIndexExpression + " ANY >= @0", BsonValue.MinValue);

    internal ILiteQueryable<ActionItem> OccurrencesQuery(string seriesId) => ItemsCollection.Query().Where(i => i.SeriesId == seriesId);

    /// <summary>
    /// The order <see cref="All"/> gives: by Order, and items of the same Order (a series and its occurrences) in _id order,
    /// the order LiteDB reads them in before its stable sort. Callers' own stable sorts then break ties as they did over All.
    /// </summary>
    List<ActionItem> InPlanOrder(IEnumerable<ActionItem> items) => [.. items.OrderBy(i => i.Order).ThenBy(i => i.Id, db.Collation)];
}
