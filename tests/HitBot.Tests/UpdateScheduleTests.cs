using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Updates that send themselves: once at a time, or every week in a slot of the program's time zone (America/Chicago here).</summary>
public sealed class UpdateScheduleTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TeamsTestApp teams = null!;
    string mayaId = "";

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        var maya = teams.NewUser();
        mayaId = teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = maya.UserId, ConversationId = maya.ConversationId,
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId,
        }, "maya@example.org")!.Id;
    }

    public async ValueTask DisposeAsync() => await teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task<string> CreateAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Log your sessions", ["body"] = "Please log this week's sessions by Friday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("not created");
    }

    /// <summary>Sets the schedule and waits until the scheduler, woken by it, has looked and is waiting again.</summary>
    async Task<HttpResponseMessage> ScheduleAsync(string id, JsonObject schedule)
    {
        var progress = teams.App.Get<UpdateSchedulerProgress>();
        var looks = progress.Looks;
        var response = await Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", schedule, Ct);
        if (response.IsSuccessStatusCode) await progress.WaitForAsync(() => progress.Looks > looks, Guard, Ct);
        return response;
    }

    /// <summary>Moves the fake clock an hour at a time, each time waiting until the scheduler has looked at the new time.</summary>
    async Task AdvanceHoursAsync(int hours)
    {
        var progress = teams.App.Get<UpdateSchedulerProgress>();
        for (var i = 0; i < hours; i++)
        {
            teams.App.Time.Advance(TimeSpan.FromHours(1));
            var now = teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }

    List<Delivery> Deliveries(string id) => teams.App.Get<OutboxStore>().ForCampaign("update:" + id);

    [Fact]
    public async Task A_weekly_slot_fires_once_a_week_at_8_local_time_across_the_daylight_saving_change()
    {
        var id = await CreateAsync();
        var scheduled = await ScheduleAsync(id, new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "08:00" } });

        // From Monday 2 March 08:00 CST to Tuesday 24 March: DST starts on Sunday 8 March.
        await AdvanceHoursAsync(22 * 24);

        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var sends = Deliveries(id).OrderBy(d => d.CreatedAt).ToList();
        Assert.Equal(["2026-03-09", "2026-03-16", "2026-03-23"], sends.Select(d => d.Id.Split(':')[2]));
        Assert.All(sends, d => Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAt, zone))));
        Assert.All(sends, d => Assert.Equal(mayaId, d.PersonId));
    }

    [Fact]
    public async Task Send_pressed_before_the_scheduled_time_and_the_schedule_firing_send_once()
    {
        var id = await CreateAsync();
        await ScheduleAsync(id, new JsonObject { ["at"] = "2026-03-03T09:00" });

        await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        await AdvanceHoursAsync(30);

        Assert.Single(Deliveries(id));
        Assert.Null(teams.App.Get<UpdateStore>().Find(id)?.NextAt);
    }

    [Fact]
    public async Task A_weekly_slot_that_fires_again_after_a_crash_before_it_was_recorded_sends_nothing_new()
    {
        var id = await CreateAsync();
        await ScheduleAsync(id, new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Tuesday", ["time"] = "07:30" } });
        await AdvanceHoursAsync(24);
        var store = teams.App.Get<UpdateStore>();
        var fired = Assert.Single(Deliveries(id));

        // The crash window: the occurrence was queued but the next one was never saved, so the slot is still due.
        store.Change(id, u => u with { NextAt = new DateTime(2026, 3, 3, 13, 30, 0, DateTimeKind.Utc) });
        await AdvanceHoursAsync(1);

        Assert.Equal(fired.Id, Assert.Single(Deliveries(id)).Id);
        Assert.Equal(new DateTime(2026, 3, 10, 12, 30, 0, DateTimeKind.Utc), store.Find(id)?.NextAt);
    }

    [Fact]
    public async Task Send_to_anyone_not_reached_yet_on_a_weekly_update_reaches_only_the_newcomer_not_everyone_again()
    {
        var id = await CreateAsync();
        await ScheduleAsync(id, new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "08:00" } });
        await AdvanceHoursAsync(8 * 24);
        var weekOne = Assert.Single(Deliveries(id));
        await teams.ImportRosterAsync("Ben Okafor,ben@example.org,tutor,,");
        var ben = teams.NewUser();
        var benId = teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = ben.UserId, ConversationId = ben.ConversationId,
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId,
        }, "ben@example.org")!.Id;

        var sent = await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var copies = Deliveries(id);
        Assert.Equal([weekOne.Id], copies.Where(d => d.PersonId == mayaId).Select(d => d.Id));
        Assert.Equal(weekOne.Id.Replace(mayaId, benId, StringComparison.Ordinal), Assert.Single(copies, d => d.PersonId == benId).Id);
    }

    [Fact]
    public async Task A_cancelled_weekly_slot_sends_nothing_more()
    {
        var id = await CreateAsync();
        await ScheduleAsync(id, new JsonObject { ["weekly"] = new JsonObject { ["day"] = "Monday", ["time"] = "08:00" } });

        var cancelled = await Admin.DeleteAsync(new Uri($"/api/admin/updates/{id}/schedule", UriKind.Relative), Ct);
        await AdvanceHoursAsync(8 * 24);

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Null(teams.App.Get<UpdateStore>().Find(id)?.Schedule);
        Assert.Empty(Deliveries(id));
    }

    [Theory]
    [InlineData("""{"at":"2026-03-01T09:00"}""", "in the past")]
    [InlineData("""{"at":"2026-03-08T02:30"}""", "does not exist")]
    [InlineData("""{"at":"next tuesday"}""", "not a date")]
    [InlineData("""{"at":"2026-03-09"}""", "a date alone would send it at midnight")]
    [InlineData("""{"weekly":{"day":"Funday","time":"08:00"}}""", "weekly.day")]
    [InlineData("""{"weekly":{"day":"Monday","time":"8am"}}""", "weekly.time")]
    [InlineData("""{"at":"2026-03-09T08:00","weekly":{"day":"Monday","time":"08:00"}}""", "not both")]
    public async Task A_schedule_that_cannot_be_kept_is_refused_with_the_reason_and_nothing_changes(string body, string reason)
    {
        var id = await CreateAsync();

        var response = await Admin.PutAsync(new Uri($"/api/admin/updates/{id}/schedule", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(teams.App.Get<UpdateStore>().Find(id)?.Schedule);
    }

    [Theory]
    [InlineData("{}", "at", "at: give 'at' (a date and time such as 2026-03-09T08:00) or 'weekly' (a day and a time such as Monday, 08:00).")]
    [InlineData("""{"at":"2026-03-09T08:00","weekly":{"day":"Monday","time":"08:00"}}""", "weekly", "weekly: give either 'at' (a date and time) or 'weekly' (a day and a time), not both.")]
    public async Task A_schedule_with_neither_or_both_of_at_and_weekly_is_refused_under_the_field_to_fix(string body, string field, string message)
    {
        var id = await CreateAsync();

        var response = await Admin.PutAsync(new Uri($"/api/admin/updates/{id}/schedule", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["errors"]?.AsObject();
        Assert.Equal([field], errors?.Select(e => e.Key));
        Assert.Equal(message, (string?)errors?[field]?[0]);
        Assert.Null(teams.App.Get<UpdateStore>().Find(id)?.Schedule);
    }
}
