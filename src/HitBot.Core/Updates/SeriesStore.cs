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

    /// <summary>Saves a series without anyone erased in its audience: one read before their erasure would put them back.</summary>
    public void Save(UpdateSeries series) => db.InTransaction(() => Series.Upsert(WithoutErased(series)));

    /// <summary>
    /// Reads the series and saves <paramref name="change"/>'s copy of it in one transaction; null when it is gone. The
    /// runner and a coordinator's edit each change their own fields of it, so neither may save a copy read earlier: the
    /// runner's "nothing queued" notice put back the series as it was before an edit made in the same moment.
    /// </summary>
    public UpdateSeries? Change(string id, Func<UpdateSeries, UpdateSeries> change) => db.InTransaction(() =>
    {
        if (Series.FindById(id) is not { } series) return null;
        var changed = change(series);
        if (!ReferenceEquals(changed, series)) Series.Upsert(changed = WithoutErased(changed));
        return changed;
    });

    /// <summary>Erasing a person: a series addressed to them by name no longer lists them. Returns how many series changed.</summary>
    public int ErasePerson(string personId)
    {
        // Series are a handful: read whole, each changed again from a fresh read in its own transaction.
        var naming = Series.FindAll().Where(s => Names(s, personId)).Select(s => s.Id).ToList();
        return db.InChunks(naming, chunk => chunk.Count(id =>
            Series.FindById(id) is { } series && Names(series, personId)
            && Series.Update(series with
            {
                Audience = series.Audience with { People = [.. series.Audience.People.Where(p => p != personId)] },
                ChangedBy = series.ChangedBy == personId ? null : series.ChangedBy,
            })));
    }

    /// <summary>The series addressed to this person by name or last changed by them, for their data export.</summary>
    public List<UpdateSeries> Naming(string personId) => [.. Series.FindAll().Where(s => Names(s, personId))];

    static bool Names(UpdateSeries series, string personId) => series.ChangedBy == personId || series.Audience.People.Contains(personId);

    UpdateSeries WithoutErased(UpdateSeries series) => db.Erased.FirstOf([series.ChangedBy, .. series.Audience.People]) is null ? series
        : series with
        {
            Audience = series.Audience with { People = [.. series.Audience.People.Where(p => !db.Erased.Contains(p))] },
            ChangedBy = db.Erased.Contains(series.ChangedBy) ? null : series.ChangedBy,
        };

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
