using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using static HitBot.Core.Tests.Surveys.SurveysUnderTest;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The CSV export of a run's answers.</summary>
public sealed class SurveyCsvTests : IDisposable
{
    readonly SurveysUnderTest app = new();

    string Csv(SurveyRun run)
    {
        using var writer = new StringWriter();
        SurveyCsv.Write(run, app.Surveys.ResponsesTo(run.Id), new PeopleDirectory(app.Directory, TimeProvider.System), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"), writer);
        return writer.ToString();
    }

    [Fact]
    public void An_erased_tutors_answers_in_a_named_run_keep_no_site_partner_or_time_that_would_point_back_at_them()
    {
        var run = app.Run("r1");
        app.Invite(run, "maya", site: "lincoln", partner: "city-year", answers: Intent("yes"));
        app.Invite(run, "gone", site: "grant-only-one", partner: "read-corps", answers: Intent("no"));
        app.Invite(run, "ben", site: "lincoln", partner: "city-year", answers: Intent("yes"));

        app.Surveys.ErasePerson("gone");
        var lines = Csv(run).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(c => c.First, c => c.Second)).ToList();
        var erased = Assert.Single(rows, r => r["name"] == "");
        Assert.Equal(("", "", ""), (erased["site"], erased["partner"], erased["changed_at"]));
        Assert.Equal("2026-01-10", erased["submitted_at"]);
        // Last, not among the named rows in time order, where its place would say when it came.
        Assert.Same(erased, rows[^1]);
        Assert.All(rows[..^1], r => Assert.Equal("lincoln", r["site"]));
    }

    [Fact]
    public void Times_and_days_are_the_programs_so_an_evening_answer_is_on_the_day_it_was_given()
    {
        // Both answered on Saturday 10 January 2026 at 20:30 in Chicago (the program's zone), 02:30 UTC on the 11th.
        var run = app.Run("r2", closes: new DateTime(2026, 1, 17, 2, 30, 0, DateTimeKind.Utc));
        app.Invite(run, "maya", answers: Intent("yes"));
        app.Invite(run, "gone", answers: Intent("no"));
        app.Surveys.ErasePerson("gone");

        var lines = Csv(run).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var header = lines[0].Split(',');
        var rows = lines[1..].Select(l => header.Zip(l.Split(',')).ToDictionary(c => c.First, c => c.Second)).ToList();
        Assert.Equal("2026-01-10 20:30", Assert.Single(rows, r => r["name"] == "Tutor maya")["submitted_at"]);
        Assert.Equal("2026-01-10", Assert.Single(rows, r => r["name"] == "")["submitted_at"]);
    }

    [Theory]
    [InlineData(0)]   // saved before anonymous answers kept the program's day: UTC's midnight, UTC's day
    [InlineData(18)]  // the program's noon (Chicago, winter), as they are kept now
    public void An_anonymous_answer_is_on_the_program_day_it_was_given_however_it_was_stamped(int utcHour)
    {
        var run = app.Run("r3", anonymous: true, closes: new DateTime(2026, 1, 17, utcHour, 0, 0, DateTimeKind.Utc));
        foreach (var name in new[] { "a", "b", "c", "d", "e" }) app.Invite(run, name, answers: Intent("yes"));

        var rows = Csv(run).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[1..];

        Assert.Equal(5, rows.Length);
        Assert.All(rows, row => Assert.Equal("2026-01-11", row.Split(',')[1]));
    }

    /// <summary>
    /// A coordinator who downloads an anonymous run's CSV, erases someone who left and downloads it again must not be able
    /// to tell which rows were theirs: the erasure gives their answer a new random id, and rows placed by their id moved.
    /// </summary>
    [Fact]
    public void Erasing_someone_who_answered_an_anonymous_run_does_not_move_their_row_in_the_CSV()
    {
        var run = app.Run("r4", anonymous: true);
        var tutors = Enumerable.Range(1, 12).Select(n => $"tutor{n:00}").ToList();
        foreach (var id in tutors)
            app.Invite(run, id, answers: new Dictionary<string, string>(Intent("yes")) { ["help-stay"] = $"Written by {id}" });
        var before = Csv(run);

        foreach (var id in new[] { "tutor03", "tutor07", "tutor11" }) app.Surveys.ErasePerson(id);

        Assert.Equal(3, app.Surveys.ResponsesTo(run.Id).Count(SurveyStore.IsErasedAnswer));
        Assert.Equal(before, Csv(run));
    }

    public void Dispose() => app.Dispose();
}
