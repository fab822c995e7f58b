using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Tests.Calendar;

/// <summary>A weekly newsletter series across the winter break (21 December to 1 January), through the HTTP pipeline.</summary>
public sealed class CalendarSeriesTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak winter = null!;

    public async ValueTask InitializeAsync() => winter = await WinterBreak.StartAsync();

    public async ValueTask DisposeAsync() => await winter.DisposeAsync();

    async Task<string> QueueIssueAsync(string seriesId, string title)
    {
        var created = await winter.Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = title, ["body"] = $"This week: {title}.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var queued = await winter.Admin.PatchAsJsonAsync($"/api/admin/updates/{id}", new JsonObject { ["seriesId"] = seriesId }, Ct);
        Assert.Equal(HttpStatusCode.OK, queued.StatusCode);
        return id;
    }

    [Fact]
    public async Task A_series_slot_in_the_break_sends_nothing_and_the_issue_waiting_goes_at_the_first_slot_after()
    {
        var progress = winter.App.Get<UpdateSchedulerProgress>();
        var looks = progress.Looks;
        var created = await winter.Admin.PostAsJsonAsync("/api/admin/series", new JsonObject
        {
            ["name"] = "Tutor newsletter", ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var seriesId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var first = await QueueIssueAsync(seriesId, "Issue 1");
        var second = await QueueIssueAsync(seriesId, "Issue 2");
        await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-05 10:00"));

        List<string> Sent(string id) =>
            [.. winter.App.Get<OutboxStore>().ForCampaign("update:" + id).Where(d => d.PersonId == winter.MayaId).Select(d => WinterBreak.Local(d.CreatedAt))];
        // Tuesdays 22 and 29 December are in the break: nothing goes; issue 2 waits for the first Tuesday after.
        Assert.Equal(["Tue 15 Dec 08:00"], Sent(first));
        Assert.Equal(["Tue 5 Jan 08:00"], Sent(second));
        var held = (await winter.HeldAsync()).Where(h => (string?)h["subjectId"] == second).ToList();
        Assert.Equal(["Tue 29 Dec 08:00", "Tue 22 Dec 08:00"], held.Select(h => WinterBreak.Local((DateTime)h["dueAt"]!)));
        Assert.All(held, h => Assert.Equal("Tue 5 Jan 08:00", WinterBreak.Local((DateTime)h["goesAt"]!)));
    }

    [Fact]
    public async Task The_central_team_is_not_told_nothing_is_queued_for_a_slot_the_break_skips_anyway()
    {
        await winter.Teams.ImportRosterAsync("Lena Park,lena@example.org,central team,,");
        var lena = winter.App.Get<HitBot.Core.Directory.PeopleDirectory>().Link(winter.TeamsAddress(winter.Teams.NewUser().UserId), "lena@example.org")!.Id;
        var progress = winter.App.Get<UpdateSchedulerProgress>();
        var looks = progress.Looks;
        var created = await winter.Admin.PostAsJsonAsync("/api/admin/series", new JsonObject
        {
            ["name"] = "Tutor newsletter", ["rhythm"] = "weekly", ["day"] = "Tuesday", ["time"] = "08:00",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var seriesId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        await progress.WaitForAsync(() => progress.Looks > looks, TimeSpan.FromSeconds(60), Ct);

        await winter.AdvanceHoursAsync(progress, winter.HoursUntil("2027-01-05 10:00"));

        // Tuesdays 22 and 29 December send nothing whatever is queued: "Nothing queued" for them only asks for work
        // that would wait, in the break. The slots either side of it are told as before.
        var notices = winter.App.Get<OutboxStore>().ForCampaign("series-empty:" + seriesId).Where(d => d.PersonId == lena);
        Assert.Equal(["Mon 14 Dec 08:00", "Mon 4 Jan 08:00"], notices.OrderBy(d => d.CreatedAt).Select(d => WinterBreak.Local(d.CreatedAt)));
    }
}
