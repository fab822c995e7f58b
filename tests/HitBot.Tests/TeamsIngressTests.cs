using HitBot.Core.Loops;
using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>POST /api/messages under concurrency: the group commit keeps a 200 meaning "on disk" and a repeat handled once.</summary>
public sealed class TeamsIngressTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_button_press_posted_twice_at_once_is_handled_once_and_answered_once()
    {
        using var clicks = new ClickCounter();
        var arrivals = new Arrivals();
        await using var teams = await TeamsTestApp.StartAsync(services: s => s
            .AddSingleton<IInteractionRoutes>(clicks)
            .AddSingleton<IStartupFilter>(arrivals));
        var press = teams.NewUser().Submit(ClickCounter.Verb, new JsonObject { ["n"] = "1" }, replyToId: "card-1");
        clicks.Hold();

        var first = teams.PostAsync(press);
        await clicks.WaitForAsync(() => clicks.Entered == 1, TimeSpan.FromSeconds(30), Ct);
        var second = teams.PostAsync(press);
        await arrivals.WaitForAsync(() => arrivals.Count == 2, TimeSpan.FromSeconds(30), Ct);
        clicks.Release();
        var answers = await Task.WhenAll(first, second);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, clicks.Counts["1"]);
        Assert.Equal(1, clicks.Entered);
    }

    [Fact]
    public async Task Many_people_typing_at_once_each_get_their_reply_and_a_resend_gets_none()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var messages = Enumerable.Range(0, 30).Select(_ => teams.NewUser().Text("help")).ToList();

        var answers = await Task.WhenAll(messages.Select(m => teams.PostAsync(m)));
        var resent = await Task.WhenAll(messages.Take(5).Select(m => teams.PostAsync(m)));

        Assert.All(answers.Concat(resent), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var posted = await teams.PostedActivitiesAsync();
        Assert.Equal(30, posted.Count);
        Assert.All(posted, p => Assert.Equal("Here is what I can do", p["summary"]?.GetValue<string>()));
    }

    /// <summary>Counts requests as they reach the host, before any endpoint runs.</summary>
    sealed class Arrivals() : ProgressSignal("request arrivals"), IStartupFilter
    {
        int count;

        public int Count => Volatile.Read(ref count);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (context.Request.Path == "/api/messages")
                {
                    Interlocked.Increment(ref count);
                    Announce();
                }
                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
