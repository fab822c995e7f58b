using HitBot.Core.Loops;
using System.Text;
using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests;

/// <summary>
/// The update scheduler, the action-plan reminders and the survey runner sleep until something is due. On a clock that
/// moves while they look (as a real one does), they must not take "the clock moved" for "look again": that spun all
/// three loops flat out, reading the database thousands of times a second and starving the dispatcher.
/// </summary>
public sealed class TimedLoopTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_timed_loops_wait_for_their_work_on_a_running_clock()
    {
        // Every read of this clock moves it on a millisecond, like a real clock between two reads.
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture))
        {
            AutoAdvanceAmount = TimeSpan.FromMilliseconds(1),
        };
        await using var app = new HitBotApp(time: time);
        var client = app.CreateAdminClient();
        LoopProgress[] loops = [app.Get<UpdateSchedulerProgress>(), app.Get<ActionRemindersProgress>(), app.Get<SurveyRunnerProgress>()];
        foreach (var loop in loops) await loop.WaitForAsync(() => loop.Looks >= 1, TimeSpan.FromSeconds(60), Ct);

        // Real work meanwhile: a roster import and a few hundred requests, each reading the clock many times.
        using var roster = new StringContent("name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n", Encoding.UTF8, "text/csv");
        (await client.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 200; i++) (await client.GetAsync(new Uri("/healthz", UriKind.Relative), Ct)).EnsureSuccessStatusCode();

        Assert.True(time.GetUtcNow() < time.Start + TimeSpan.FromMinutes(1), "the test itself must stay inside the loops' shortest poll");
        Assert.All(loops, loop => Assert.True(loop.Looks <= 2, $"{loop.GetType().Name} looked {loop.Looks} times with nothing due"));
    }
}
