using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A date more than ten years from today (year 1, 9999, 0026 for 2026) is refused where it is typed, naming the field:
/// a due date in year 1 stopped every owner's reminders (the loop's "a week before" overflowed), a series starting on
/// 9999-12-31 was a 500, a run closing in 9999 stopped the survey loop during a pause.
/// </summary>
public sealed class FarDateTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("POST", "/api/admin/action-items", """{"title": "Train site leads", "dueDate": "0001-01-01"}""", "dueDate", "/api/admin/action-items")]
    [InlineData("PATCH", "/api/admin/action-items/{item}", """{"dueDate": "9999-12-31"}""", "dueDate", "/api/admin/action-items/{item}")]
    [InlineData("POST", "/api/admin/series", """{"name": "News", "rhythm": "weekly", "day": "Monday", "time": "08:00", "startsOn": "9999-12-31", "audience": {"roles": ["tutor"]}}""", "startsOn", "/api/admin/series")]
    [InlineData("POST", "/api/admin/surveys/{survey}/runs", """{"audience": {"roles": ["tutor"]}, "opensAt": "2026-03-03T15:00:00Z", "closesAt": "9999-12-31T23:59:00Z"}""", "closesAt", "/api/admin/surveys/{survey}")]
    [InlineData("PATCH", "/api/admin/survey-runs/{run}", """{"closesAt": "9999-12-31T23:59:00Z"}""", "closesAt", "/api/admin/surveys/{survey}")]
    [InlineData("PUT", "/api/admin/updates/{update}/schedule", """{"at": "2206-03-09T08:00"}""", "at", "/api/admin/updates/{update}")]
    [InlineData("POST", "/api/admin/calendar", """{"name": "Winter break", "kind": "break", "first": "0026-12-21", "last": "0026-12-31"}""", "first", "/api/admin/calendar")]
    public async Task A_date_more_than_ten_years_away_is_a_400_that_says_to_check_the_year_and_changes_nothing(
        string method, string path, string body, string field, string readBack)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        var ids = await ArrangeAsync(app);
        string Fill(string text) => ids.Aggregate(text, (t, id) => t.Replace("{" + id.Key + "}", id.Value, StringComparison.Ordinal));
        var before = await admin.GetStringAsync(new Uri(Fill(readBack), UriKind.Relative), Ct);

        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Fill(path), UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var response = await admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?[field]?[0];
        Assert.EndsWith("is more than 10 years from today; check the year.", message, StringComparison.Ordinal);
        Assert.Equal(before, await admin.GetStringAsync(new Uri(Fill(readBack), UriKind.Relative), Ct));
    }

    [Fact]
    public async Task An_assignment_CSV_with_a_due_date_in_year_1_is_refused_by_line_and_no_line_of_it_is_applied()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        await ArrangeAsync(app);
        var before = await admin.GetStringAsync(new Uri("/api/admin/action-items", UriKind.Relative), Ct);

        using var csv = new StringContent("item,owner_email,due_date\ndata-plan,lena@example.org,2026-04-01\ntutor-training,lena@example.org,0001-01-01\n", Encoding.UTF8, "text/csv");
        var response = await admin.PostAsync(new Uri("/api/admin/action-items/import", UriKind.Relative), csv, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?.AsObject();
        Assert.Equal(["line 3"], errors?.Select(e => e.Key));
        Assert.Equal("Line 3: due_date: 0001-01-01 is more than 10 years from today; check the year.", (string?)errors?["line 3"]?[0]);
        Assert.Equal(before, await admin.GetStringAsync(new Uri("/api/admin/action-items", UriKind.Relative), Ct));
    }

    /// <summary>A tutor, a central team member, an action item, a survey with an open run, and an update draft.</summary>
    static async Task<Dictionary<string, string>> ArrangeAsync(HitBotApp app)
    {
        var admin = app.CreateAdminClient();
        using (var roster = new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\nLena Park,lena@example.org,central team\n", Encoding.UTF8, "text/csv"))
            (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var item = await CreatedAsync(admin, "/api/admin/action-items", new JsonObject { ["title"] = "Order materials", ["dueDate"] = "2026-04-01" });
        var survey = await CreatedAsync(admin, "/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" });
        var run = await CreatedAsync(admin, $"/api/admin/surveys/{survey}/runs",
            new JsonObject { ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = "2026-03-20T17:00:00Z" });
        var update = await CreatedAsync(admin, "/api/admin/updates",
            new JsonObject { ["title"] = "Week 12", ["body"] = "Hello", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") } });
        // Open before the test reads it back: the runner opening it in between would look like a change.
        await app.Get<SurveyRunnerProgress>().WaitForAsync(() => app.Get<SurveyStore>().FindRun(run)?.Status == RunStatus.Open, TimeSpan.FromSeconds(60), Ct);
        return new() { ["item"] = item, ["survey"] = survey, ["run"] = run, ["update"] = update };
    }

    static async Task<string> CreatedAsync(HttpClient admin, string path, JsonObject body)
    {
        var response = await admin.PostAsJsonAsync(path, body, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }
}
