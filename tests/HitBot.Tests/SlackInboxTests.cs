using System.Net;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Storage;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HitBot.Tests;

/// <summary>Issue 16: every Slack request answered 200 is done exactly once, also after a restart; past the bound it is refused first.</summary>
public sealed class SlackInboxTests
{
    const int Bound = 8;
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    static Task<SlackTestApp> StartAsync(ClickCounter clicks, int bound = Bound) => SlackTestApp.StartAsync(services => services.AddSingleton<IInteractionRoutes>(clicks),
        extraSettings: new() { ["HitBot:Slack:InboxMaxBacklog"] = bound.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    static async Task<List<(int N, HttpResponseMessage Response)>> FloodAsync(HttpClient client, IEnumerable<int> clicks, DateTimeOffset at) =>
        [.. await Task.WhenAll(clicks.Select(async n => (n, await client.SendAsync(ClickCounter.Click(n, at), Ct))))];

    [Fact]
    public async Task A_flood_past_the_bound_is_refused_before_acknowledging_and_every_acknowledged_click_is_handled_once()
    {
        using var clicks = new ClickCounter();
        await using var slack = await StartAsync(clicks);
        var inbox = slack.App.Get<SlackInbox>();
        clicks.Hold();

        var held = await FloodAsync(slack.Client, Enumerable.Range(0, 40), slack.Now);
        clicks.Release();
        await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);
        var running = await FloodAsync(slack.Client, Enumerable.Range(100, 60), slack.Now);
        await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);

        Assert.Equal(Bound, held.Count(r => r.Response.StatusCode == HttpStatusCode.OK));
        var all = held.Concat(running).ToList();
        Assert.All(all, r => Assert.Contains(r.Response.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        foreach (var (n, response) in all.Where(r => r.Response.StatusCode == HttpStatusCode.OK))
            Assert.Equal(1, clicks.Counts.GetValueOrDefault(ClickCounter.Id(n)));
        foreach (var (n, response) in all.Where(r => r.Response.StatusCode != HttpStatusCode.OK))
        {
            Assert.False(clicks.Counts.ContainsKey(ClickCounter.Id(n)), $"click {n} was refused and then handled");
            Assert.Equal("60", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Equal(all.Count(r => r.Response.StatusCode == HttpStatusCode.OK), clicks.Counts.Count);
    }

    [Fact]
    public async Task A_message_refused_while_the_inbox_is_full_is_answered_once_when_slack_retries_it()
    {
        using var clicks = new ClickCounter();
        await using var slack = await StartAsync(clicks);
        var inbox = slack.App.Get<SlackInbox>();
        clicks.Hold();
        await FloodAsync(slack.Client, Enumerable.Range(0, Bound), slack.Now);

        var refused = await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvFull", "U1MAYA", "help"), slack.Now), Ct);
        clicks.Release();
        await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);
        var retry = SlackRequests.Event(SlackRequests.DirectMessage("EvFull", "U1MAYA", "help"), slack.Now);
        retry.Headers.Add("X-Slack-Retry-Num", "1");
        retry.Headers.Add("X-Slack-Retry-Reason", "http_error");
        var accepted = await slack.Client.SendAsync(retry, Ct);
        var again = SlackRequests.Event(SlackRequests.DirectMessage("EvFull", "U1MAYA", "help"), slack.Now);
        again.Headers.Add("X-Slack-Retry-Num", "2");
        var duplicate = await slack.Client.SendAsync(again, Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Equal("DU1MAYA", (string?)Assert.Single(slack.Slack.CallsTo("chat.postMessage")).Json["channel"]);
    }

    [Fact]
    public async Task Requests_acknowledged_before_a_restart_are_handled_once_after_it()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        using var clicks = new ClickCounter();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var settings = SlackTestApp.Settings(fake);
        try
        {
            List<(int N, HttpResponseMessage Response)> before;
            HttpResponseMessage message;
            // The first run has no inbox worker: everything it acknowledges is still waiting when it stops, as in a crash.
            using (var first = new HitBotApp(settings, folder) { TestServices = services => WithoutInboxWorker(services, clicks) })
            {
                var client = first.CreateClient();
                before = await FloodAsync(client, Enumerable.Range(0, 5), first.Time.GetUtcNow());
                message = await client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvRestart", "U1MAYA", "help"), first.Time.GetUtcNow()), Ct);
                Assert.Equal(6, first.Get<SlackInbox>().Backlog);
            }

            using var second = new HitBotApp(settings, folder) { TestServices = services => services.AddSingleton<IInteractionRoutes>(clicks) };
            var secondClient = second.CreateClient();
            var inbox = second.Get<SlackInbox>();
            await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);
            var retry = SlackRequests.Event(SlackRequests.DirectMessage("EvRestart", "U1MAYA", "help"), second.Time.GetUtcNow());
            retry.Headers.Add("X-Slack-Retry-Num", "1");
            var retried = await secondClient.SendAsync(retry, Ct);
            await fake.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

            Assert.All(before, r => Assert.Equal(HttpStatusCode.OK, r.Response.StatusCode));
            Assert.Equal(HttpStatusCode.OK, message.StatusCode);
            Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
            Assert.Equal(Enumerable.Range(0, 5).Select(ClickCounter.Id).Order(StringComparer.Ordinal), clicks.Counts.Keys.Order(StringComparer.Ordinal));
            Assert.All(clicks.Counts.Values, count => Assert.Equal(1, count));
            Assert.Equal(0, inbox.Backlog);
            var progress = second.Get<DispatcherProgress>();
            await progress.WaitForAsync(() => progress.SettledAt is not null, Guard, Ct);
            Assert.Single(fake.CallsTo("chat.postMessage"));
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_linked_persons_click_is_answered_in_its_request_and_an_unlinked_one_waits_in_the_inbox_across_a_restart()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var settings = SlackTestApp.Settings(fake);
        var answer = """{"reaction":"helpful"}""";
        try
        {
            string mayaId;
            HttpResponseMessage linkedClick, unlinkedClick;
            // No inbox worker in the first run: only what a request does itself can happen before it stops, as in a crash.
            using (var first = new HitBotApp(settings, folder) { TestServices = WithoutInboxWorkerAnswering })
            {
                first.Get<RosterImport>().Import(new StringReader("name,email,role\nMaya,maya@example.org,tutor\nNoor,noor@example.org,tutor\n"), false);
                mayaId = first.Get<PeopleDirectory>().Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA" }, "maya@example.org")!.Id;
                var client = first.CreateClient();
                linkedClick = await client.SendAsync(SlackRequests.Interaction(
                    SlackRequests.ButtonClick("U1MAYA", SlackTestRoutes.Answer, answer, actionTs: "1700000300.000001"), first.Time.GetUtcNow()), Ct);
                // Its message update is on disk when the 200 leaves: the commit came first.
                Assert.NotNull(first.Get<OutboxStore>().Find($"slack:action:{FakeSlackApi.TeamId}:U1MAYA:1700000300.000001:update"));
                unlinkedClick = await client.SendAsync(SlackRequests.Interaction(
                    SlackRequests.ButtonClick("U1NEW", SlackTestRoutes.Answer, answer, actionTs: "1700000300.000002"), first.Time.GetUtcNow()), Ct);
                Assert.Equal(HttpStatusCode.OK, unlinkedClick.StatusCode);
                Assert.Equal(1, first.Get<SlackInbox>().Backlog);
                await fake.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
            }
            // Noor joins the workspace only now: the first run could not link her, so her click had to wait for the worker.
            fake.AddUser("U1NEW", "noor@example.org");

            using var second = new HitBotApp(settings, folder) { TestServices = services => services.AddSingleton<IInteractionRoutes, SlackTestRoutes>() };
            second.CreateClient();
            var inbox = second.Get<SlackInbox>();
            await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);
            await fake.WaitForAsync(calls => calls.Count(c => c.Method == "chat.update") == 2, Ct);
            var progress = second.Get<DispatcherProgress>();
            await progress.WaitForAsync(() => progress.SettledAt is not null, Guard, Ct);

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (linkedClick.StatusCode, unlinkedClick.StatusCode));
            var updates = fake.CallsTo("chat.update").Select(c => c.Body).ToList();
            Assert.Equal(2, updates.Count);
            Assert.Contains(mayaId, updates[0]);
            Assert.Contains(second.Get<DirectoryStore>().FindByEmail("noor@example.org")!.Id, updates[1]);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_linked_persons_click_that_fails_is_answered_500_so_slack_shows_it_and_the_next_click_is_answered()
    {
        await using var slack = await SlackTestApp.StartAsync(services =>
        {
            services.AddSingleton<IInteractionRoutes, SlackTestRoutes>();
            services.AddSingleton<IInteractionRoutes, FailingRoutes>();
        });
        slack.AddToRoster("Maya", "maya@example.org");
        slack.App.Get<PeopleDirectory>().Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = "U1MAYA" }, "maya@example.org");

        var failed = await slack.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1MAYA", FailingRoutes.Verb, "{}", actionTs: "1700000300.000001"), slack.Now), Ct);
        var next = await slack.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1MAYA", SlackTestRoutes.Answer, """{"reaction":"helpful"}""", actionTs: "1700000300.000002"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        await slack.DispatcherSettledAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Single(slack.Slack.CallsTo("chat.update"));
        Assert.Empty(slack.Slack.CallsTo("chat.postMessage"));
        Assert.Equal(0, slack.App.Get<SlackInbox>().Backlog);
    }

    [Fact]
    public async Task Linked_peoples_clicks_past_the_bound_are_refused_before_acknowledging_and_every_acknowledged_one_is_handled_once()
    {
        // A held click blocks a thread of the pool (the handler is synchronous), so the bound is small here: eight of them
        // starved the pool on two cores until the gate's guard gave up.
        const int bound = 2;
        using var clicks = new ClickCounter();
        await using var slack = await StartAsync(clicks, bound);
        slack.AddToRoster("Maya", "maya@example.org");
        slack.App.Get<PeopleDirectory>().Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = ClickCounter.User }, "maya@example.org");
        clicks.Hold();

        // Each linked click is handled in its request, so the held ones keep their requests open: the bound counts them.
        var sending = Enumerable.Range(0, 12).Select(async n => (N: n, Response: await slack.Client.SendAsync(ClickCounter.Click(n, slack.Now), Ct))).ToList();
        await clicks.WaitForAsync(() => clicks.Entered == bound, Guard, Ct);
        // One look at what is still open per round: counting, then listing, let the last refusal finish in between and
        // leave only the held clicks to wait for, until the counter's guard failed them (a flaky test, 1 run in 5).
        for (var open = sending.Where(t => !t.IsCompleted).ToList(); open.Count > bound; open = [.. open.Where(t => !t.IsCompleted)])
            await Task.WhenAny(open).WaitAsync(Guard, Ct);
        clicks.Release();
        var all = await Task.WhenAll(sending);

        Assert.Equal(bound, all.Count(r => r.Response.StatusCode == HttpStatusCode.OK));
        foreach (var (n, response) in all)
            if (response.StatusCode == HttpStatusCode.OK) Assert.Equal(1, clicks.Counts.GetValueOrDefault(ClickCounter.Id(n)));
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.False(clicks.Counts.ContainsKey(ClickCounter.Id(n)), $"click {n} was refused and then handled");
                Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
            }
        Assert.Equal(0, slack.App.Get<SlackInbox>().Backlog);
    }

    [Fact]
    public async Task A_linked_persons_click_waits_behind_their_message_still_in_the_inbox_and_is_handled_after_it()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        using var clicks = new ClickCounter();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var settings = SlackTestApp.Settings(fake);
        try
        {
            HttpResponseMessage message, click;
            // No inbox worker in the first run: her message waits, as it does behind a busy minute.
            using (var first = new HitBotApp(settings, folder) { TestServices = services => WithoutInboxWorker(services, clicks) })
            {
                first.Get<RosterImport>().Import(new StringReader("name,email,role\nMaya,maya@example.org,tutor\n"), false);
                first.Get<PeopleDirectory>().Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = FakeSlackApi.TeamId, UserId = ClickCounter.User }, "maya@example.org");
                var client = first.CreateClient();
                message = await client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("EvFirst", ClickCounter.User, "help"), first.Time.GetUtcNow()), Ct);
                click = await client.SendAsync(ClickCounter.Click(1, first.Time.GetUtcNow()), Ct);

                Assert.Empty(clicks.Counts); // not handled in its request, ahead of her message
                Assert.Equal(["slack.message", "slack.action"], first.Get<InboxStore>().Oldest(10).Select(i => i.Kind));
            }

            using var second = new HitBotApp(settings, folder) { TestServices = services => services.AddSingleton<IInteractionRoutes>(clicks) };
            var secondClient = second.CreateClient();
            var inbox = second.Get<SlackInbox>();
            await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);
            // With nothing of hers waiting any more, her next click is handled in its request again: done when its 200 arrives.
            var next = await secondClient.SendAsync(ClickCounter.Click(2, second.Time.GetUtcNow()), Ct);

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (message.StatusCode, click.StatusCode, next.StatusCode));
            Assert.Equal(1, clicks.Counts.GetValueOrDefault(ClickCounter.Id(1)));
            Assert.Equal(1, clicks.Counts.GetValueOrDefault(ClickCounter.Id(2)));
            await fake.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_moment_the_disk_refuses_writes_does_not_stop_the_inbox_worker_and_the_click_it_held_is_done_after()
    {
        using var clicks = new ClickCounter();
        await using var slack = await StartAsync(clicks);
        var db = slack.App.Get<HitBotDb>();
        var inbox = slack.App.Get<SlackInbox>();
        clicks.Hold();
        var held = await slack.Client.SendAsync(ClickCounter.Click(1, slack.Now), Ct);
        await clicks.WaitForAsync(() => clicks.Entered == 1, Guard, Ct);

        // The disk refuses every write while the worker finishes the click in hand: its row cannot even be deleted.
        var rowKept = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        db.BeforeEachCommit(() =>
        {
            if (new System.Diagnostics.StackTrace().ToString().Contains(nameof(InboxStore) + "." + nameof(InboxStore.Remove), StringComparison.Ordinal))
                rowKept.TrySetResult();
            throw new IOException("No space left on device");
        });
        clicks.Release();
        await rowKept.Task.WaitAsync(Guard, Ct);
        db.BeforeEachCommit(null);
        var next = await slack.Client.SendAsync(ClickCounter.Click(2, slack.Now), Ct);
        await clicks.WaitForAsync(() => clicks.Counts.ContainsKey(ClickCounter.Id(2)), Guard, Ct);
        await inbox.WaitForAsync(() => inbox.Backlog == 0, Guard, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (held.StatusCode, next.StatusCode));
        Assert.Equal(1, clicks.Counts[ClickCounter.Id(2)]);
        // Its row stayed, so the held click was done again once the disk took writes: acknowledged, never dropped.
        Assert.True(clicks.Counts[ClickCounter.Id(1)] >= 1);
        Assert.Empty(slack.App.Get<InboxStore>().Oldest(10));
    }

    /// <summary>A feature whose click handler fails (a bug, a disk that refuses a write).</summary>
    sealed class FailingRoutes : IInteractionRoutes
    {
        public const string Verb = "slack-test.fail";

        public void Register(InteractionRouter router) =>
            router.MapVerb(Verb, _ => throw new InvalidOperationException("The feature failed."), allowUnknownPeople: true);
    }

    static void WithoutInboxWorkerAnswering(IServiceCollection services)
    {
        services.AddSingleton<IInteractionRoutes, SlackTestRoutes>();
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SlackInboxWorker)));
    }

    static void WithoutInboxWorker(IServiceCollection services, ClickCounter clicks)
    {
        services.AddSingleton<IInteractionRoutes>(clicks);
        services.Remove(services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SlackInboxWorker)));
    }
}
