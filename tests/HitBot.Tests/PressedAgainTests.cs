using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A press whose answer never came back (a phone losing its signal, a proxy's 502 after HitBot had done it) is pressed
/// again a few seconds later: with the same Idempotency-Key, what it creates or sends is there once, not twice.
/// </summary>
public sealed class PressedAgainTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Key = "7c1e9a4f2b8d4e6a9c3f5b7d1e2a4c6f";

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Cara Diaz,cara@example.org,central team,,\nMaya Lopez,maya@example.org,tutor,Lincoln,");
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    /// <summary>The same request twice, a few seconds apart, as a second press of the same button.</summary>
    async Task<(HttpResponseMessage First, HttpResponseMessage Again)> PressedTwiceAsync(string path, JsonObject? body, string key = Key)
    {
        var first = await PressAsync(path, body, key);
        teams.App.Time.Advance(TimeSpan.FromSeconds(5));
        return (first, await PressAsync(path, body, key));
    }

    async Task<HttpResponseMessage> PressAsync(string path, JsonObject? body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await teams.App.CreateAdminClient().SendAsync(request, Ct);
    }

    static async Task<string?> IdOf(HttpResponseMessage response) => (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];

    async Task<string> DraftAsync()
    {
        var created = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        return await IdOf(created) ?? throw new InvalidOperationException("no draft");
    }

    ChannelAddress TeamsAddress(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    [Fact]
    public async Task A_test_send_pressed_again_reaches_the_person_once()
    {
        var cara = teams.App.Get<PeopleDirectory>().Link(TeamsAddress("29:cara"), "cara@example.org")!;
        var id = await DraftAsync();

        var (first, again) = await PressedTwiceAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = cara.Id });

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Accepted), (first.StatusCode, again.StatusCode));
        Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update-test:" + id));
    }

    [Fact]
    public async Task A_test_send_with_a_key_that_is_no_key_is_refused_naming_the_header_and_sends_nothing()
    {
        var cara = teams.App.Get<PeopleDirectory>().Link(TeamsAddress("29:cara"), "cara@example.org")!;
        var id = await DraftAsync();

        var response = await PressAsync($"/api/admin/updates/{id}/test-send", new JsonObject { ["personId"] = cara.Id }, "not a key");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("update-test:" + id));
    }

    [Fact]
    public async Task An_action_item_added_again_is_one_item_so_its_owner_is_reminded_once()
    {
        var item = new JsonObject { ["title"] = "Book the spring training room", ["ownerEmail"] = "cara@example.org", ["dueDate"] = "2026-03-20" };

        var (first, again) = await PressedTwiceAsync("/api/admin/action-items", item);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        var added = Assert.Single(teams.App.Get<ActionPlanStore>().All(), i => i.Title == "Book the spring training room");
        Assert.Equal(added.Id, await IdOf(again));
    }

    [Fact]
    public async Task A_survey_saved_again_is_one_survey()
    {
        var (first, again) = await PressedTwiceAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal(await IdOf(first), Assert.Single(teams.App.Get<SurveyStore>().AllSurveys()).Id);
    }

    [Fact]
    public async Task A_survey_launch_pressed_again_answers_the_run_it_launched_and_a_new_press_is_still_refused()
    {
        var (created, _) = await PressedTwiceAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" });
        var surveyId = await IdOf(created);
        var launch = new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") }, ["closesAt"] = teams.App.Time.GetUtcNow().AddDays(7).ToString("O"),
        };

        // The launch worked but its answer was lost: the coordinator sees it done, not "already launched", on the second press.
        var (first, again) = await PressedTwiceAsync($"/api/admin/surveys/{surveyId}/runs", launch, "launch-1");
        var another = await PressAsync($"/api/admin/surveys/{surveyId}/runs", launch, "launch-2");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Conflict), (first.StatusCode, again.StatusCode, another.StatusCode));
        var run = Assert.Single(teams.App.Get<SurveyStore>().RunsOf(surveyId!));
        Assert.Equal((run.Id, run.Id), (await IdOf(first), await IdOf(again)));
        Assert.Equal(run.Id, (string?)(await another.Content.ReadFromJsonAsync<JsonObject>(Ct))?["existingRun"]);
    }

    [Fact]
    public async Task A_series_started_again_is_one_series()
    {
        var series = new JsonObject
        {
            ["name"] = "Tutor newsletter", ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        };

        var (first, again) = await PressedTwiceAsync("/api/admin/series", series);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal(await IdOf(first), Assert.Single(teams.App.Get<SeriesStore>().All()).Id);
    }

    [Fact]
    public async Task An_update_duplicated_again_is_one_new_draft()
    {
        var id = await DraftAsync();

        var (first, again) = await PressedTwiceAsync($"/api/admin/updates/{id}/duplicate", null);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        Assert.Equal(await IdOf(first), await IdOf(again));
        Assert.Equal(2, teams.App.Get<UpdateStore>().Page(0, 10).Updates.Count);
    }
}
