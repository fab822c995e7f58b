using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>What an update's Slack refusal says about the person (protocols.md §7.4): their chat, or HitBot's own token.</summary>
public sealed class SlackReachTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    SlackTestApp slack = null!;

    public async ValueTask InitializeAsync()
    {
        slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org"));
        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\n", Encoding.UTF8, "text/csv"), Ct);
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => Maya.IdentityOn(ChannelKind.Slack) is not null, Guard, Ct);
    }

    public ValueTask DisposeAsync() => slack.DisposeAsync();

    Person Maya => slack.App.Get<DirectoryStore>().FindByEmail("maya@example.org")!;

    async Task<Delivery> SendUpdateAsync()
    {
        var admin = slack.App.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 1", ["body"] = "Hello **tutors**", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sent = await admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var outbox = slack.App.Get<OutboxStore>();
        await slack.App.Get<DispatcherProgress>().WaitForAsync(
            () => outbox.ForCampaign("update:" + id).Any(d => d.State is DeliveryState.Dead or DeliveryState.Failed or DeliveryState.Sent), Guard, Ct);
        await slack.DispatcherSettledAsync(Ct);
        return Assert.Single(outbox.ForCampaign("update:" + id));
    }

    [Fact]
    public async Task Someone_deactivated_in_Slack_is_shown_as_not_reachable_and_not_retried()
    {
        slack.Slack.Deactivate("U1MAYA");

        var delivery = await SendUpdateAsync();

        Assert.Equal((DeliveryState.Dead, FailureClasses.Blocked), (delivery.State, delivery.FailureClass));
        Assert.Single(slack.Slack.CallsTo("conversations.open"));
        var reach = PersonReach.Of(Maya);
        Assert.Equal(ReachStates.Blocked, reach.State);
        Assert.Contains("user_disabled", reach.Detail, StringComparison.Ordinal);
    }

    /// <summary>The People page tells the coordinator what to do about it, not only "blocked" and Slack's code.</summary>
    [Fact]
    public async Task Someone_deactivated_in_Slack_comes_with_what_to_do_next_on_the_People_page()
    {
        var admin = slack.App.CreateAdminClient();
        var reached = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/people/{Maya.Id}", Ct);
        slack.Slack.Deactivate("U1MAYA");

        await SendUpdateAsync();
        var refused = await admin.GetFromJsonAsync<JsonObject>($"/api/admin/people/{Maya.Id}", Ct);

        Assert.Null(reached!["reachNextStep"]);
        Assert.Equal(ReachStates.Blocked, (string)refused!["reach"]!);
        var step = (string)refused["reachNextStep"]!;
        Assert.Contains("open HitBot in Slack", step, StringComparison.Ordinal);
        Assert.Contains("workspace admin", step, StringComparison.Ordinal);
    }

    /// <summary>
    /// The update's "Not delivered" list said Slack's reason and nothing more: the coordinator asked by Maya ("I never got
    /// it") learns there what to do before pressing "Send the failed ones again".
    /// </summary>
    [Fact]
    public async Task An_update_not_delivered_to_someone_deactivated_in_Slack_says_what_to_do_next_beside_the_reason()
    {
        slack.Slack.Deactivate("U1MAYA");

        var delivery = await SendUpdateAsync();
        var page = await slack.App.CreateAdminClient().GetFromJsonAsync<JsonObject>($"/api/admin/updates/{delivery.Campaign["update:".Length..]}", Ct);

        var failure = Assert.Single(page!["report"]!["failures"]!.AsArray())!;
        Assert.Equal("Maya Lopez", (string)failure["personName"]!);
        Assert.Contains("workspace admin", (string)failure["nextStep"]!, StringComparison.Ordinal);
    }

    /// <summary>
    /// Maya's account was deactivated over the summer, so an update found her chat refusing HitBot. Reactivated in the fall,
    /// she is reachable again from the next roster pass: nothing else would take the mark off, and sends skip a blocked chat.
    /// </summary>
    [Fact]
    public async Task Someone_reactivated_in_Slack_is_reached_again_after_the_next_roster_pass()
    {
        slack.Slack.Deactivate("U1MAYA");
        var refused = await SendUpdateAsync();
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        var passes = progress.Passes;

        slack.Slack.Reactivate("U1MAYA");
        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n", Encoding.UTF8, "text/csv"), Ct);
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);
        var reach = PersonReach.Of(Maya);
        var delivered = await SendUpdateAsync();

        Assert.Equal(DeliveryState.Dead, refused.State);
        Assert.Equal(ReachStates.Slack, reach.State);
        Assert.Equal(DeliveryState.Sent, delivered.State);
    }

    [Fact]
    public async Task Someone_still_deactivated_in_Slack_stays_shown_as_not_reachable_after_a_roster_pass()
    {
        slack.Slack.Deactivate("U1MAYA");
        slack.Slack.DeactivatedBeforeLookup("U1MAYA");
        await SendUpdateAsync();
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        var passes = progress.Passes;

        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative),
            new StringContent("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n", Encoding.UTF8, "text/csv"), Ct);
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);

        Assert.Equal(ReachStates.Blocked, PersonReach.Of(Maya).State);
        Assert.Contains(slack.Slack.CallsTo("users.info"), c => c.Form["user"] == "U1MAYA");
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("is_archived")]
    [InlineData("not_in_channel")]
    public async Task A_DM_Slack_no_longer_lets_HitBot_post_in_shows_the_person_as_not_reachable(string code)
    {
        slack.Slack.FailNext("chat.postMessage", code);

        var delivery = await SendUpdateAsync();

        Assert.Equal(DeliveryState.Dead, delivery.State);
        var reach = PersonReach.Of(Maya);
        Assert.Equal(ReachStates.Blocked, reach.State);
        Assert.Contains(code, reach.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_DM_kept_from_an_earlier_install_of_the_app_is_opened_again_and_the_person_still_gets_the_update()
    {
        // The app was reinstalled as a new Slack app: the DM HitBot kept was with the old bot user, and Slack no longer shows it.
        var store = slack.App.Get<DirectoryStore>();
        store.Change(Maya.Id, p => p.WithIdentity(p.IdentityOn(ChannelKind.Slack)! with { ConversationId = "D0OLDAPP" }, slack.App.Time.GetUtcNow()));
        slack.Slack.FailNext("chat.postMessage", "channel_not_found");

        var delivery = await SendUpdateAsync();

        Assert.Equal(DeliveryState.Sent, delivery.State);
        Assert.Equal(["D0OLDAPP", "DU1MAYA"], slack.Slack.CallsTo("chat.postMessage").Select(c => (string?)c.Json["channel"]));
        Assert.Equal(ReachStates.Slack, PersonReach.Of(Maya).State);
        Assert.Equal("DU1MAYA", Maya.IdentityOn(ChannelKind.Slack)!.ConversationId); // the next update goes straight there

        await SendUpdateAsync();
        Assert.Single(slack.Slack.CallsTo("conversations.open"));
    }

    [Fact]
    public async Task A_deactivated_HitBot_token_is_the_apps_problem_and_leaves_the_person_reachable()
    {
        slack.Slack.FailNext("chat.postMessage", "account_inactive");

        var delivery = await SendUpdateAsync();

        // Not given up: it waits for the app to be installed again with a working token.
        Assert.Equal((DeliveryState.Failed, FailureClasses.ExpiredCredentials), (delivery.State, delivery.FailureClass));
        Assert.Contains("reinstall the app", delivery.LastError, StringComparison.Ordinal);
        Assert.Equal(ReachStates.Slack, PersonReach.Of(Maya).State);
    }
}
