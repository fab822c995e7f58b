using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Calendar;

namespace HitBot.Tests.Calendar;

/// <summary>The calendar's admin API: entries one by one and from a CSV; bad input is refused with what to fix and changes nothing.</summary>
public sealed class CalendarAdminTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    Task<HttpResponseMessage> ImportAsync(string csv) =>
        winter.Admin.PostAsync(new Uri("/api/admin/calendar/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"), Ct);

    async Task<JsonObject> CalendarAsync() => (await winter.Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/calendar", UriKind.Relative), Ct))!;

    [Theory]
    [InlineData("Spring break", "break", "2027-03-26", "2027-03-22", "last: 2027-03-22 is before first (2027-03-26)")]
    [InlineData("State tests", "exams", "2027-04-12", "2027-04-16", "kind: 'exams' is not one of break, testing, holiday")]
    [InlineData("Spring break", "break", "22/03/2027", "2027-03-26", "first: '22/03/2027' is not a date like 2026-12-21")]
    [InlineData("", "holiday", "2027-01-18", "2027-01-18", "name: say what the pause is")]
    [InlineData("Spring\nbreak", "break", "2027-03-22", "2027-03-26", "name: one line, without line breaks")]
    [InlineData("Long break", "break", "2027-01-01", "2028-06-30", "a pause is at most 366 days")]
    public async Task A_bad_entry_is_refused_with_what_to_fix_and_nothing_is_added(string name, string kind, string first, string last, string reason)
    {
        var response = await winter.Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = name, ["kind"] = kind, ["first"] = first, ["last"] = last }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(["Winter break"], winter.App.Get<ProgramCalendar>().All().Select(e => e.Name));
    }

    /// <summary>"Add" pressed twice (or a script run again) made two identical pauses, listed twice on the Calendar page.</summary>
    [Fact]
    public async Task The_same_pause_added_twice_is_one_pause_and_the_second_add_corrects_its_last_day()
    {
        var first = await winter.Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2027-03-22", ["last"] = "2027-03-26" }, Ct);
        var again = await winter.Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = "spring break", ["kind"] = "break", ["first"] = "2027-03-22", ["last"] = "2027-03-29" }, Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (first.StatusCode, again.StatusCode));
        var id = (string?)(await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"];
        Assert.Equal(id, (string?)(await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]);
        var spring = Assert.Single(winter.App.Get<ProgramCalendar>().All(), e => e.Name.Equals("Spring break", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(new DateOnly(2027, 3, 29), spring.Last);
    }

    [Fact]
    public async Task A_calendar_saved_by_Excel_in_the_Windows_encoding_keeps_its_accented_names()
    {
        // Excel's plain "CSV (Comma delimited)" on Windows writes Windows-1252, not UTF-8.
        var windows = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
        using var content = new ByteArrayContent(windows.GetBytes("name,kind,first,last\nDía de los Reyes,holiday,2027-01-06,2027-01-06\n"));
        content.Headers.ContentType = new("text/csv");

        var response = await winter.Admin.PostAsync(new Uri("/api/admin/calendar/import", UriKind.Relative), content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Día de los Reyes", winter.App.Get<ProgramCalendar>().All().Select(e => e.Name));
    }

    [Fact]
    public async Task A_CSV_with_bad_lines_changes_nothing_and_names_each_line()
    {
        var response = await ImportAsync(
            "name,kind,first,last\n" +
            "MLK Day,holiday,2027-01-18,2027-01-18\n" +
            "State tests,exams,2027-04-12,2027-04-16\n" +
            "Spring break,break,2027-03-26,2027-03-22\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["line 3", "line 4"], errors.Select(e => e.Key));
        Assert.Contains("kind", (string?)errors["line 3"]![0], StringComparison.Ordinal);
        Assert.Contains("before first", (string?)errors["line 4"]![0], StringComparison.Ordinal);
        Assert.Single(winter.App.Get<ProgramCalendar>().All());
    }

    /// <summary>
    /// A quote opened and never closed in a short name read the next lines into it: "MLK Day" and "Spring break" were
    /// saved as one pause whose name held both, and the spring break was silently never a pause.
    /// </summary>
    [Fact]
    public async Task A_quote_never_closed_in_a_name_is_named_on_its_own_line_and_nothing_is_added()
    {
        var response = await ImportAsync(
            "name,kind,first,last\n" +
            "\"MLK Day,holiday,2027-01-18,2027-01-18\n" +
            "Spring break,break,2027-03-22,2027-03-26\n");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["line 2"], errors.Select(e => e.Key));
        Assert.Contains("double quote", (string?)errors["line 2"]![0], StringComparison.Ordinal);
        Assert.Contains("line 3", (string?)errors["line 2"]![0], StringComparison.Ordinal);
        Assert.Single(winter.App.Get<ProgramCalendar>().All());
    }

    [Fact]
    public async Task The_district_calendar_imports_once_even_when_the_file_is_sent_twice()
    {
        const string csv = "name,kind,first,last\nMLK Day,holiday,2027-01-18,2027-01-18\nState tests,testing,2027-04-12,2027-04-16\n";

        var first = await ImportAsync(csv);
        var again = await ImportAsync(csv);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = (await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((0, 2), ((int)second["added"]!, (int)second["replaced"]!));
        var entries = (await CalendarAsync())["entries"]!.AsArray();
        Assert.Equal(["Winter break/break", "MLK Day/holiday", "State tests/testing"], entries.Select(e => $"{(string?)e!["name"]}/{(string?)e["kind"]}"));
    }

    [Fact]
    public async Task The_calendar_says_when_today_is_in_a_pause_and_which_day_work_starts_again()
    {
        var before = await CalendarAsync();
        winter.App.Time.Advance(TimeSpan.FromDays(10)); // Thursday 24 December

        var during = await CalendarAsync();

        Assert.Null(before["pausedToday"]);
        Assert.Equal("2026-12-14", (string?)before["nextWorkingDay"]);
        Assert.Equal(("Winter break", "2027-01-04"), ((string?)during["pausedToday"]!["name"], (string?)during["nextWorkingDay"]));
    }

    [Fact]
    public async Task Removing_an_entry_that_is_not_there_is_a_404()
    {
        var response = await winter.Admin.DeleteAsync(new Uri("/api/admin/calendar/no-such-entry", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no calendar entry 'no-such-entry'", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Single(winter.App.Get<ProgramCalendar>().All());
    }
}
