using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>An update's report and the overview for a large-ish audience: counted from the outbox, reach as it was at send.</summary>
public sealed class UpdateReportScaleTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const int Tutors = 600;

    TwoChannelApp both = null!;

    public async ValueTask InitializeAsync() =>
        both = await TwoChannelApp.StartAsync(more: new() { ["HitBot:Teams:TenantSendsPerSecond"] = "100000" });

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => both.Teams.App.CreateAdminClient();

    /// <summary>
    /// 600 tutors: every tenth opted out, every tenth (the next) in no chat yet, the rest linked — Teams for even numbers,
    /// Slack for odd — and 12 of the Teams ones have blocked the app.
    /// </summary>
    async Task<string> SentToSixHundredTutorsAsync()
    {
        await both.Teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(0, Tutors).Select(i => $"Tutor {i},tutor{i}@example.org,tutor,,")));
        var directory = both.Teams.App.Get<PeopleDirectory>();
        var store = both.Teams.App.Get<DirectoryStore>();
        store.Locked(() => both.Teams.App.Get<HitBotDb>().InTransaction(() =>
        {
            for (var i = 0; i < Tutors; i++)
            {
                if (i % 10 == 1) continue;
                var person = directory.Link(i % 2 == 0 ? both.TeamsAddress($"29:tutor-{i}") : TwoChannelApp.SlackAddress($"U{i:D6}"), $"tutor{i}@example.org")!;
                if (i % 10 == 0) store.Save(person with { OptedOut = true });
            }
            return 0;
        }));
        foreach (var i in Enumerable.Range(0, Tutors).Where(i => i % 50 == 2)) both.Teams.Connector.Block($"29:tutor-{i}");

        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        await both.Teams.DeliveredAsync();
        return id;
    }

    [Fact]
    public async Task The_overview_counts_a_sent_update_by_outcome_and_platform()
    {
        var id = await SentToSixHundredTutorsAsync();

        var overview = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct);

        var report = overview!["sends"]!.AsArray().Single(s => (string?)s!["id"] == id)!["report"]!;
        Assert.Equal((600, 60, 60), ((int)report["matched"]!, (int)report["optedOut"]!, (int)report["notInChat"]!));
        Assert.Equal((0, 468, 0, 12), ((int)report["queued"]!, (int)report["sent"]!, (int)report["failed"]!, (int)report["dead"]!));
        Assert.Equal((228, 240), ((int)report["byChat"]!["teams"]!["sent"]!, (int)report["byChat"]!["slack"]!["sent"]!));
        Assert.Equal(12, report["failures"]!.AsArray().Count);
        Assert.All(report["failures"]!.AsArray(), f => Assert.Equal("Dead", (string?)f!["state"]));
        // Why each was not reached adds up (no chat yet, or marked not in the Slack workspace by the roster linker).
        Assert.Equal(60, report["notInChatBy"]!.AsObject().Sum(p => (int)p.Value!));
    }

    [Fact]
    public async Task A_sent_update_reports_whom_it_reached_when_it_was_sent_even_after_people_opt_out()
    {
        var id = await SentToSixHundredTutorsAsync();
        var store = both.Teams.App.Get<DirectoryStore>();
        store.Change(store.FindByEmail("tutor3@example.org")!.Id, p => p with { OptedOut = true });

        var report = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!["report"]!;

        Assert.Equal((600, 60, 60), ((int)report["matched"]!, (int)report["optedOut"]!, (int)report["notInChat"]!));
        Assert.Equal(468, (int)report["sent"]!);
    }
}
