using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Newsletter series, and the drafts queued in each.</summary>
public sealed class SeriesStore(HitBotDb db)
{
    public const string Collection = "update_series";

    ILiteCollection<UpdateSeries> Series => db.Collection<UpdateSeries>(Collection);
    ILiteCollection<Update> Updates => db.Collection<Update>(UpdateStore.Updates);

    public UpdateSeries? Find(string id) => Series.FindById(id);

    public void Save(UpdateSeries series) => Series.Upsert(series);

    /// <summary>
    /// Reads the series and saves <paramref name="change"/>'s copy of it in one transaction; null when it is gone. The
    /// runner and a coordinator's edit each change their own fields of it, so neither may save a copy read earlier: the
    /// runner's "nothing queued" notice put back the series as it was before an edit made in the same moment.
    /// </summary>
    public UpdateSeries? Change(string id, Func<UpdateSeries, UpdateSeries> change) => db.InTransaction(() =>
    {
        if (Series.FindById(id) is not { } series) return null;
        var changed = change(series);
        if (!ReferenceEquals(changed, series)) Series.Upsert(changed);
        return changed;
    });

    public List<UpdateSeries> All() => [.. Series.FindAll().OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase)];

    /// <summary>The drafts waiting in a series, in the order they go out (first queued, first sent).</summary>
    public List<Update> Queued(string seriesId) =>
        [.. InSeries(seriesId).Where(u => u.Status == UpdateStatus.Draft).OrderBy(u => u.SeriesPosition).ThenBy(u => u.CreatedAt).ThenBy(u => u.Id, StringComparer.Ordinal)];

    /// <summary>The place after every draft ever put in this series (sent ones included), so a new draft goes last.</summary>
    public int NextPosition(string seriesId) => InSeries(seriesId).Select(u => u.SeriesPosition ?? 0).DefaultIfEmpty(0).Max() + 1;

    /// <summary>The issues a series has sent, oldest first.</summary>
    public List<Update> Sent(string seriesId) =>
        [.. InSeries(seriesId).Where(u => u.Status == UpdateStatus.Sent).OrderBy(u => u.SentAt)];

    IEnumerable<Update> InSeries(string seriesId) => InSeriesQuery(seriesId).ToEnumerable();

    /// <summary>Through the SeriesId index (schema 20): a series holds dozens of updates, the collection grows every week.</summary>
    internal ILiteQueryable<Update> InSeriesQuery(string seriesId) => Updates.Query().Where(Queries.Equal(nameof(Update.SeriesId), seriesId));
}
