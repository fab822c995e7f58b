using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>An update's delivery report as CSV: who, chat, state, a failure class from a fixed set, time — safe in Excel.</summary>
public sealed class DeliveryReportCsvTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>"Week 1" sent to every tutor, once the dispatcher has tried each copy.</summary>
    static async Task<string> SentToTutorsAsync(TeamsTestApp teams, HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 1", ["body"] = "Hello", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        await teams.DeliveredAsync();
        return id;
    }

    [Fact]
    public async Task The_delivery_report_CSV_says_who_got_it_where_and_why_not_with_a_fixed_failure_class()
    {
        await using var both = await TwoChannelApp.StartAsync();
        var teams = both.Teams;
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,\n=HYPERLINK(1),sam@example.org,tutor,,");
        var maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1SAM"), "sam@example.org");
        teams.Connector.Block(maya.UserId);
        var admin = teams.App.CreateAdminClient();
        var id = await SentToTutorsAsync(teams, admin);

        var response = await admin.GetAsync(new Uri($"/api/admin/updates/{id}/deliveries.csv", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("name,email,chat,state,failure_class,reason,time,edit,recall,week", lines[0]);
        var mayaRow = lines.Single(l => l.StartsWith("Maya Lopez,", StringComparison.Ordinal)).Split(',');
        Assert.Equal(("teams", "dead", FailureClasses.Blocked), (mayaRow[2], mayaRow[3], mayaRow[4]));
        var samRow = lines.Single(l => l.Contains("sam@example.org", StringComparison.Ordinal));
        Assert.StartsWith("\"'=HYPERLINK(1)\",sam@example.org,slack,sent,,,", samRow, StringComparison.Ordinal);
        // Sent on Monday 2 March 2026 at 14:00 UTC: the time column is the program's (Chicago), as the dashboard shows it.
        Assert.Equal("2026-03-02 08:00", samRow.Split(',')[6]);
    }

    [Fact]
    public async Task A_copy_waiting_to_be_tried_again_says_when_in_the_programs_time_as_the_rest_of_the_report()
    {
        await using var both = await TwoChannelApp.StartAsync();
        var teams = both.Teams;
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(maya.UserId), "maya@example.org");
        teams.Connector.FailNext(1, status: 503, retryAfter: null);
        var admin = teams.App.CreateAdminClient();
        var id = await SentToTutorsAsync(teams, admin);

        var report = (await admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!;

        // Tried at 14:00 UTC on Monday 2 March 2026: 08:00 in Chicago, where the report's other times are.
        var reason = (string?)Assert.Single(report["report"]!["failures"]!.AsArray())!["reason"];
        Assert.Contains("retrying at 2026-03-02 08:0", reason, StringComparison.Ordinal);
        Assert.EndsWith("(America/Chicago)", reason, StringComparison.Ordinal);
    }
}
