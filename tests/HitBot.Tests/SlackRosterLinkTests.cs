using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Roster people are linked to their Slack accounts by e-mail on import, before they ever write to the bot.</summary>
public sealed class SlackRosterLinkTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    static async Task<HttpResponseMessage> ImportAsync(SlackTestApp slack, string csv) =>
        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv(csv), Ct);

    /// <summary>
    /// A Slack app installed without users:read.email links nobody, and only a log line said so: the People page showed
    /// everyone "not reached yet". The coordinator's overview says why and who fixes it, until a pass goes through.
    /// </summary>
    [Fact]
    public async Task A_Slack_app_without_the_email_permission_is_named_on_the_overview_until_a_pass_goes_through()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org", "America/Denver"));
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        slack.Slack.FailNext("users.lookupByEmail", "missing_scope");
        var admin = slack.App.CreateAdminClient();

        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);
        var refused = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["chats"]!;
        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.Passes >= 3, Guard, Ct);
        var fixedNow = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct))!["chats"]!;

        Assert.Contains("users:read.email", (string?)refused["slackProblem"], StringComparison.Ordinal);
        Assert.Equal("connected", (string?)refused["slack"]);
        Assert.Null(fixedNow["slackProblem"]);
    }

    [Fact]
    public async Task An_imported_roster_is_linked_to_Slack_by_email_with_each_persons_Slack_time_zone()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org", "America/Denver"));
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);

        var import = await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);
        var people = await slack.App.CreateAdminClient().GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var maya = people?.Single(p => (string?)p?["email"] == "maya@example.org");
        Assert.True((bool?)maya?["slack"]);
        Assert.Equal("America/Denver", (string?)maya?["timeZone"]);
        Assert.False((bool?)people?.Single(p => (string?)p?["email"] == "sam@example.org")?["slack"]);
        var linked = slack.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack);
        Assert.Equal(("U1MAYA", FakeSlackApi.TeamId), (linked?.UserId, linked?.TeamId));
        Assert.Equal(["maya@example.org", "sam@example.org"], slack.Slack.CallsTo("users.lookupByEmail").Select(c => c.Form["email"]).Order());
    }

    [Fact]
    public async Task Importing_the_same_roster_again_asks_Slack_about_nobody_it_already_knows()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org"));
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        const string Roster = "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n";
        await ImportAsync(slack, Roster);
        await progress.WaitForAsync(() => slack.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null
                                          && slack.Slack.CallsTo("users.lookupByEmail").Count == 2, Guard, Ct);
        var passes = progress.Passes;

        await ImportAsync(slack, Roster.Replace("Sam Ortiz", "Samuel Ortiz", StringComparison.Ordinal));
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);

        Assert.Equal(2, slack.Slack.CallsTo("users.lookupByEmail").Count);
    }

    [Fact]
    public async Task A_rate_limited_lookup_waits_for_Slacks_Retry_After_and_then_links()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s =>
        {
            s.AddUser("U1MAYA", "maya@example.org");
            s.RateLimitNext("users.lookupByEmail", 30);
        });
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        var before = slack.Now;

        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.PausedUntil is not null, Guard, Ct);
        var pausedUntil = progress.PausedUntil;
        var callsWhilePaused = slack.Slack.CallsTo("users.lookupByEmail").Count;
        slack.App.Time.Advance(TimeSpan.FromSeconds(30));
        await progress.WaitForAsync(() => slack.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null, Guard, Ct);

        Assert.Equal(before.AddSeconds(30), pausedUntil);
        Assert.Equal(1, callsWhilePaused);
        Assert.Equal(2, slack.Slack.CallsTo("users.lookupByEmail").Count);
    }

    /// <summary>
    /// A Retry-After of months (a broken proxy in front of Slack) made the wait throw (Task.Delay stops at 49.7 days), which
    /// ended the roster linker: nobody new on the roster was linked in Slack again until a restart. It is read as an hour.
    /// </summary>
    [Fact]
    public async Task A_Retry_After_of_months_is_waited_out_as_an_hour_and_the_linker_goes_on()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s =>
        {
            s.AddUser("U1MAYA", "maya@example.org");
            s.RateLimitNext("users.lookupByEmail", 100 * 24 * 3600);
        });
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        var before = slack.Now;

        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.PausedUntil is not null, Guard, Ct);
        var pausedUntil = progress.PausedUntil;
        slack.App.Time.Advance(TimeSpan.FromHours(1));
        await progress.WaitForAsync(() => slack.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null, Guard, Ct);

        Assert.Equal(before.AddHours(1), pausedUntil);
    }
    /// <summary>
    /// A district changes someone's e-mail: the new address comes in on the roster (the old one deactivated), and Slack
    /// now gives the same account for it. The chat goes with the new entry, so updates reach them again.
    /// </summary>
    [Fact]
    public async Task A_person_whose_email_changed_is_linked_again_under_the_new_email()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org"));
        var store = slack.App.Get<DirectoryStore>();
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        await progress.WaitForAsync(() => store.FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null
                                          && progress.Passes >= 2, Guard, Ct);
        slack.Slack.AddUser("U1MAYA", "maya.lopez@example.org");

        var passes = progress.Passes;
        await slack.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import?deactivateMissing=true", UriKind.Relative),
            Csv("name,email,role\nMaya Lopez,maya.lopez@example.org,tutor\n"), Ct);
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);

        var now = store.FindByEmail("maya.lopez@example.org");
        Assert.Equal("U1MAYA", now?.IdentityOn(Core.Messaging.ChannelKind.Slack)?.UserId);
        Assert.Null(store.FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack));
        Assert.Equal(now?.Id, store.FindByIdentity(new Core.Messaging.ChannelAddress
            { Channel = Core.Messaging.ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA" })?.Id);
    }

    /// <summary>
    /// The workspace admin deactivated Sam's Slack account: the People page says so, rather than that no account has his
    /// e-mail, which would send the coordinator off to check a correct address.
    /// </summary>
    [Fact]
    public async Task A_roster_person_whose_Slack_account_is_deactivated_is_shown_as_deactivated_not_as_missing()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s =>
        {
            s.AddUser("U1SAM", "sam@example.org");
            s.DeactivatedBeforeLookup("U1SAM");
        });
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);

        await ImportAsync(slack, "name,email,role\nSam Ortiz,sam@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);

        var reach = PersonReach.Of(slack.App.Get<DirectoryStore>().FindByEmail("sam@example.org")!);
        Assert.Equal(ReachStates.NotInWorkspace, reach.State);
        Assert.Contains("deactivated", reach.Detail, StringComparison.Ordinal);
    }

    /// <summary>Maya (Denver) imported and linked by the roster pass at 07:00 her time; her welcome waits for 09:00.</summary>
    static async Task<SlackRosterLinkProgress> MayaLinkedAtSevenHerTimeAsync(SlackTestApp slack)
    {
        var store = slack.App.Get<DirectoryStore>();
        var progress = slack.App.Get<SlackRosterLinker>().Progress;
        await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\n");
        await progress.WaitForAsync(() => store.FindByEmail("maya@example.org")?.IdentityOn(Core.Messaging.ChannelKind.Slack) is not null
                                          && progress.Passes >= 2, Guard, Ct);
        await slack.DispatcherSettledAsync(Ct);
        return progress;
    }

    /// <summary>
    /// A tutor linked by e-mail has never opened HitBot: the first thing in their Slack is a DM saying who HitBot is, what it
    /// will send and how to stop it, as Teams' welcome card does. At 7 a.m. their time it waits for their 9 a.m.
    /// </summary>
    [Fact]
    public async Task A_tutor_linked_by_email_gets_one_welcome_DM_in_their_own_daytime()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org", "America/Denver"));
        var progress = await MayaLinkedAtSevenHerTimeAsync(slack);
        var beforeNine = slack.Slack.CallsTo("chat.postMessage").Count;
        slack.App.Time.Advance(TimeSpan.FromHours(2));
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var passes = progress.Passes;
        await ImportAsync(slack, "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n");
        await progress.WaitForAsync(() => progress.Passes > passes, Guard, Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(0, beforeNine);
        var welcome = Assert.Single(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("DU1MAYA", (string?)welcome.Json["channel"]);
        Assert.Contains("Welcome to", (string?)welcome.Json["text"], StringComparison.Ordinal);
        Assert.Contains("stop", welcome.Json["blocks"]?.ToJsonString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Linked by the roster pass before nine in her time zone, Maya's welcome waits for her morning; she writes "help" first
    /// and is answered where she wrote, so the morning brings no welcome as if she had never met HitBot.
    /// </summary>
    [Fact]
    public async Task A_tutor_who_writes_to_HitBot_before_her_welcome_went_gets_no_welcome_afterwards()
    {
        await using var slack = await SlackTestApp.StartAsync(beforeStart: s => s.AddUser("U1MAYA", "maya@example.org", "America/Denver"));
        await MayaLinkedAtSevenHerTimeAsync(slack);

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvHelp", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);
        slack.App.Time.Advance(TimeSpan.FromHours(2));
        var outbox = slack.App.Get<OutboxStore>();
        var welcome = ReachedWelcome.Key(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA" });
        await slack.App.Get<DispatcherProgress>().WaitForAsync(
            () => outbox.Find(welcome)?.State is DeliveryState.Sent or DeliveryState.Cancelled, Guard, Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(DeliveryState.Cancelled, outbox.Find(welcome)?.State);
        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Contains("What I can do", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_welcome_queued_before_a_restart_goes_once_after_it()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        fake.AddUser("U1MAYA", "maya@example.org");
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            await using (var first = new HitBotApp(SlackTestApp.Settings(fake), folder, time))
            {
                using var client = first.CreateAdminClient();
                var progress = first.Get<SlackRosterLinker>().Progress;
                await progress.WaitForAsync(() => progress.Passes >= 1, Guard, Ct);
                await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), Csv("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), Ct);
                await progress.WaitForAsync(() => progress.Passes >= 2, Guard, Ct);
            }

            await using var second = new HitBotApp(SlackTestApp.Settings(fake), folder, time);
            var again = second.Get<SlackRosterLinker>().Progress;
            await again.WaitForAsync(() => again.Passes >= 1, Guard, Ct);
            time.Advance(TimeSpan.FromHours(4));
            await fake.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
            var dispatcher = second.Get<Core.Messaging.Outbox.DispatcherProgress>();
            await dispatcher.WaitForAsync(() => dispatcher.SettledAt is not null, Guard, Ct);

            Assert.Single(fake.CallsTo("chat.postMessage"));
        }
        finally
        {
            if (System.IO.Directory.Exists(folder)) System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
