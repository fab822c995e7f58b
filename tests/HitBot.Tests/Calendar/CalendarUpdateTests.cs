using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Tests.Calendar;

/// <summary>Weekly updates and "send now" across the winter break (21 December to 1 January), through the HTTP pipeline.</summary>
public sealed class CalendarUpdateTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    async Task<string> CreateAsync(string title, bool urgent = false)
    {
        var response = await winter.Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = title, ["body"] = "Please log this week's sessions by Friday.", ["urgent"] = urgent,
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    async Task WeeklyAsync(string id)
    {
        var progress = winter.App.Get<UpdateSchedulerProgress>();
        var looks = progress.Looks;
        var response = await winter.Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule",
            new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "09:00" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);
    }

    List<string> WeeksSent(string id) =>
        [.. winter.App.Get<OutboxStore>().ForCampaign("update:" + id).OrderBy(d => d.CreatedAt).Select(d => WinterBreak.Local(d.CreatedAt))];

    [Fact]
    public async Task A_weekly_update_sends_nothing_in_the_winter_break_and_goes_again_at_the_first_slot_after()
    {
        var weekly = await CreateAsync("Log your sessions");
        var urgent = await CreateAsync("Snow day: sessions move online", urgent: true);
        await WeeklyAsync(weekly);
        await WeeklyAsync(urgent);

        await winter.AdvanceHoursAsync(winter.App.Get<UpdateSchedulerProgress>(), winter.HoursUntil("2027-01-04 10:00"));

        // Mondays 21 and 28 December are in the break: skipped, not sent late; 4 January is the first slot after.
        Assert.Equal(["Mon 14 Dec 09:00", "Mon 4 Jan 09:00"], WeeksSent(weekly));
        // The urgent update goes anyway.
        Assert.Equal(["Mon 14 Dec 09:00", "Mon 21 Dec 09:00", "Mon 28 Dec 09:00", "Mon 4 Jan 09:00"], WeeksSent(urgent));
        var held = (await winter.HeldAsync()).Where(h => (string?)h["subjectId"] == weekly).ToList();
        Assert.Equal(["Mon 28 Dec 09:00", "Mon 21 Dec 09:00"], held.Select(h => WinterBreak.Local((DateTime)h["dueAt"]!)));
        Assert.All(held, h => Assert.Equal(("update", true, "Winter break", "Mon 4 Jan 09:00"),
            ((string?)h["kind"], (bool)h["skipped"]!, (string?)h["pauseName"], WinterBreak.Local((DateTime)h["goesAt"]!))));
        Assert.DoesNotContain(await winter.HeldAsync(), h => (string?)h["subjectId"] == urgent);
    }

    [Fact]
    public async Task Send_now_inside_the_break_is_refused_unless_the_update_is_urgent()
    {
        var plain = await CreateAsync("Reading list for January");
        var urgent = await CreateAsync("Snow day: sessions move online", urgent: true);
        winter.App.Time.Advance(TimeSpan.FromDays(8)); // Tuesday 22 December, in the break

        var refused = await winter.Admin.PostAsync(new Uri($"/api/admin/updates/{plain}/send", UriKind.Relative), null, Ct);
        var sent = await winter.Admin.PostAsync(new Uri($"/api/admin/updates/{urgent}/send", UriKind.Relative), null, Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.OK), (refused.StatusCode, sent.StatusCode));
        Assert.Contains("Today is in Winter break (2026-12-21 to 2027-01-01): only urgent updates go out",
            await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(winter.App.Get<OutboxStore>().ForCampaign("update:" + plain));
        Assert.Equal(UpdateStatus.Draft, winter.App.Get<UpdateStore>().Find(plain)!.Status);
        Assert.Equal(winter.MayaId, Assert.Single(winter.App.Get<OutboxStore>().ForCampaign("update:" + urgent)).PersonId);
    }

    [Fact]
    public async Task A_one_off_update_scheduled_inside_the_break_goes_at_the_same_time_on_the_first_working_day_after()
    {
        var id = await CreateAsync("Welcome back");
        var progress = winter.App.Get<UpdateSchedulerProgress>();
        var looks = progress.Looks;
        await winter.Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", new JsonObject { ["at"] = "2026-12-30T09:00" }, Ct);
        await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-04 10:00"));

        Assert.Equal(["Mon 4 Jan 09:00"], WeeksSent(id));
        var held = Assert.Single(await winter.HeldAsync());
        Assert.Equal((false, "Mon 4 Jan 09:00"), ((bool)held["skipped"]!, WinterBreak.Local((DateTime)held["goesAt"]!)));
    }
}
