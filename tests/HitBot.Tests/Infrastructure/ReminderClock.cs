using HitBot.Core.ActionPlan;

namespace HitBot.Tests.Infrastructure;

/// <summary>The fake clock moved on for the action-plan reminder loop, which looks at every step before the next.</summary>
static class ReminderClock
{
    /// <summary>
    /// Moves <paramref name="app"/>'s clock <paramref name="hours"/> on, <paramref name="stepHours"/> at a time, waiting after
    /// each step until the reminder loop has looked at that moment: a reminder due at 09:00 is queued before 10:00 comes.
    /// </summary>
    public static async Task AdvanceRemindersAsync(this HitBotApp app, int hours, TimeSpan guard, CancellationToken ct, int stepHours = 1)
    {
        var progress = app.Get<ActionRemindersProgress>();
        for (var i = 0; i < hours; i += stepHours)
        {
            app.Time.Advance(TimeSpan.FromHours(stepHours));
            var now = app.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, guard, ct);
        }
    }
}
