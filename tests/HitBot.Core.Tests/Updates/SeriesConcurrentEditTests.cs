using HitBot.Core.Directory;
using HitBot.Core.Updates;

namespace HitBot.Core.Tests.Updates;

/// <summary>
/// A coordinator edits a newsletter series in the moment the scheduler's look works on it. The edit runs as the look's
/// first commit begins (<see cref="HitBot.Core.Storage.HitBotDb.BeforeEachCommit"/>): after the look read the series,
/// before it saved what it did, which is where a save of the copy it read puts back the series as it was.
/// </summary>
public sealed class SeriesConcurrentEditTests : IDisposable
{
    static readonly DateTime ThisMonday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc); // 08:00 in Chicago
    readonly UpdatesUnderTest app = new(new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.Zero)); // Sunday, a day before the slot
    readonly SeriesEdits edits;

    public SeriesConcurrentEditTests()
    {
        app.Person("lena", Roles.CentralTeam);
        app.Person("ana", Roles.Tutor);
        app.Series.Save(new UpdateSeries
        {
            Id = "s1", Name = "Tutor newsletter", Rhythm = SeriesRhythm.Weekly, Slot = new WeeklySlot(DayOfWeek.Monday, new TimeOnly(8, 0)),
            Audience = new Audience { Roles = [Roles.Tutor] }, StartsOn = new DateOnly(2026, 3, 1), CreatedAt = app.Time.GetUtcNow().UtcDateTime, NextAt = ThisMonday,
        });
        edits = new SeriesEdits(app.Series, new UpdateScheduleSignal(), app.Clock, app.Time);
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public void A_series_renamed_as_the_central_team_is_told_nothing_is_queued_keeps_its_new_name_and_the_notice_goes_once()
    {
        var done = false;
        app.Db.BeforeEachCommit(() =>
        {
            if (done) return;
            done = true;
            Assert.NotNull(edits.Change("s1", new SeriesRequest("Family newsletter", null, null, null, null, null)).Series);
        });

        app.Look();
        app.Db.BeforeEachCommit(null);
        app.Time.Advance(TimeSpan.FromMinutes(5));
        app.Look();

        var series = app.Series.Find("s1")!;
        Assert.Equal(("Family newsletter", ThisMonday, (DateTime?)ThisMonday), (series.Name, series.NextAt!.Value, series.WarnedFor));
        Assert.Single(app.Outbox.ForCampaign("series-empty:s1"));
    }
}
