using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Tests.Calendar;

/// <summary>Action-item reminders across the winter break (21 December to 1 January).</summary>
public sealed class CalendarReminderTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    [Fact]
    public async Task Reminders_due_in_the_break_go_once_at_the_start_of_the_first_working_day_after()
    {
        var progress = winter.App.Get<ActionRemindersProgress>();
        var assigned = await winter.Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-12-23" }, Ct);

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-05 12:00"));

        Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        // 7 days before (16 Dec) goes; 1 day before, the due date and two overdue slots fall in the break and go as one
        // on Monday 4 January; the next overdue slot (Tuesday 5) as usual.
        var reminders = winter.App.Get<OutboxStore>().ForCampaign("reminder:data-plan").OrderBy(d => d.CreatedAt);
        Assert.Equal(["Wed 16 Dec 09:00", "Mon 4 Jan 09:00", "Tue 5 Jan 09:00"], reminders.Select(d => WinterBreak.Local(d.CreatedAt)));
        var held = (await winter.HeldAsync()).Where(h => (string?)h["kind"] == "action-reminder").ToList();
        Assert.Equal(["Thu 31 Dec 09:00", "Mon 28 Dec 09:00", "Wed 23 Dec 09:00", "Tue 22 Dec 09:00"],
            held.Select(h => WinterBreak.Local((DateTime)h["dueAt"]!)));
        Assert.All(held, h => Assert.Equal(("data-plan", "Mon 4 Jan 09:00"), ((string?)h["subjectId"], WinterBreak.Local((DateTime)h["goesAt"]!))));
    }
}
