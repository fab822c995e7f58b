using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// An update to many people is one stored message, not one per delivery row (the file stays small), and every person
/// still gets the card in their own chat through the real Teams and Slack channels; a correction shares one message too.
/// </summary>
public sealed class SharedMessageDeliveryTests : IAsyncLifetime
{
    const int People = 40;
    const string Title = "Week 12: sessions resume Monday";
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    FakeSlackApi slack => both.Slack;
    HttpClient Admin => teams.App.CreateAdminClient();
    OutboxStore Outbox => teams.App.Get<OutboxStore>();

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(0, People).Select(i => $"Tutor {i},tutor{i}@example.org,tutor,,")));
        var directory = teams.App.Get<PeopleDirectory>();
        teams.App.Get<DirectoryStore>().Locked(() => teams.App.Get<HitBotDb>().InTransaction(() =>
        {
            for (var i = 0; i < People; i++)
                directory.Link(i % 2 == 0 ? both.TeamsAddress($"29:tutor-{i}") : TwoChannelApp.SlackAddress($"U{i:D6}"), $"tutor{i}@example.org");
            return 0;
        }));
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    Task SettledAsync(Func<bool> done)
    {
        var progress = teams.App.Get<DispatcherProgress>();
        return progress.WaitForAsync(() => progress.SettledAt is not null && done(), TimeSpan.FromSeconds(60), Ct);
    }

    bool AllSent(string campaign) => Outbox.ForCampaign(campaign) is { Count: People } rows && rows.All(r => r.State == DeliveryState.Sent);

    [Fact]
    public async Task An_update_and_its_correction_are_each_stored_once_and_every_tutor_gets_both_in_their_own_chat()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = Title, ["body"] = "Sessions resume on Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        await SettledAsync(() => AllSent("update:" + id));
        var messagesAfterSend = Outbox.SharedMessageCount;

        var corrected = await Admin.PostAsJsonAsync($"/api/admin/updates/{id}/correct", new JsonObject { ["body"] = "Sessions resume on Tuesday." }, Ct);
        await SettledAsync(() => AllSent(Update.CorrectionCampaign(id, 1)));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (sent.StatusCode, corrected.StatusCode));
        Assert.Equal(1, messagesAfterSend);
        Assert.Equal(2, Outbox.SharedMessageCount);
        // Teams: one card posted into each tutor's own chat, then replaced there once.
        var posts = teams.Connector.ConnectorCalls.Where(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)).ToList();
        Assert.Equal(People / 2, posts.Select(c => c.Path).Distinct().Count());
        Assert.All(posts, c => Assert.Equal("Update: " + Title, (string?)c.Body?["summary"]));
        var puts = teams.Connector.ConnectorCalls.Where(c => c.Method == "PUT").ToList();
        Assert.Equal(People / 2, puts.Select(c => c.Path).Distinct().Count());
        Assert.All(puts, c => Assert.Contains("Tuesday", c.Body?.ToJsonString(), StringComparison.Ordinal));
        // Slack: one message in each tutor's DM, then updated there once.
        var slackPosts = slack.CallsTo("chat.postMessage");
        Assert.Equal(Enumerable.Range(0, People).Where(i => i % 2 == 1).Select(i => $"DU{i:D6}").Order(),
            slackPosts.Select(c => (string?)c.Json["channel"]).Order());
        Assert.All(slackPosts, c => Assert.Contains("Sessions resume on Monday", c.Body, StringComparison.Ordinal));
        var slackUpdates = slack.CallsTo("chat.update");
        Assert.Equal(People / 2, slackUpdates.Select(c => (string?)c.Json["channel"]).Distinct().Count());
        Assert.All(slackUpdates, c => Assert.Contains("Tuesday", c.Body, StringComparison.Ordinal));
    }
}
