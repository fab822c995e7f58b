using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// The reminder loop hands a coming occurrence of a repeating meeting to its series' owner, with an "Owner: X → Y" note
/// whose names it read from the directory. Maya, the occurrence's owner, is erased between that read and the save: the
/// note must not carry her name, which nothing remembers once her erasure has ended.
/// </summary>
public sealed class PersonErasureSeriesHandOverTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Thursday = new(2026, 3, 5);

    [Fact]
    public void Handing_her_occurrence_to_the_series_owner_after_her_erasure_writes_no_name_read_before_it()
    {
        MayaEverywhere(temp);
        var app = new App(temp);
        app.Plan.Save(new ActionItem
        {
            Id = "s1", Title = "Reflection meeting", OwnerId = "ben", DueDate = Thursday, Repeat = new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday },
        });
        var occurrenceId = ItemSeries.OccurrenceId("s1", Thursday);
        app.Plan.Save(new ActionItem { Id = occurrenceId, SeriesId = "s1", Title = "Reflection meeting", OwnerId = "maya", DueDate = Thursday });
        var erased = false;
        // Its read and both names are taken; her whole erasure runs as the hand-over's save commits.
        temp.Db.BeforeEachCommit(() =>
        {
            if (erased) return;
            erased = true;
            app.Erasure.Erase("maya");
        });

        Changes(app).AdvanceSeries(DateOnly.FromDateTime(Now.UtcDateTime));

        temp.Db.BeforeEachCommit(null);
        Assert.True(erased);
        var occurrence = app.Plan.Find(occurrenceId)!;
        Assert.Equal("ben", occurrence.OwnerId);
        Assert.Contains(occurrence.History, h => h.Text == "Owner: nobody → ben (the series' owner)");
        Assert.DoesNotContain(temp.Db.AllDocuments(), d => d.Json.Contains("Maya Lopez", StringComparison.Ordinal) || d.Json.Contains("\"maya\"", StringComparison.Ordinal));
    }

    static ActionItemChanges Changes(App app)
    {
        var time = new FakeTimeProvider(Now);
        return new ActionItemChanges(app.Plan, new PeopleDirectory(app.Directory, time), new ActionPlanSignal(),
            new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" })), time, app.Outbox);
    }

    public void Dispose() => temp.Dispose();
}
