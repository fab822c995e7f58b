using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// An update's copies still waiting to go, on its page: by why they wait and when they go, in the program's time zone.
/// "12 waiting to send" alone left a coordinator unable to tell whether they go in a minute or on Monday.
/// </summary>
public sealed class UpdateWaitingTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    DateTime Now => app.Time.GetUtcNow().UtcDateTime;

    async Task<string> CreateAsync()
    {
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    /// <summary>This person's copy of the update as the dispatcher leaves it: in <paramref name="state"/>, due at <paramref name="dueAt"/>, saying why.</summary>
    void Copy(string updateId, string personId, DeliveryState state, DateTime dueAt, string? why) =>
        app.Get<OutboxStore>().TryEnqueue(Delivery.Send($"update:{updateId}:{personId}", "update:" + updateId, personId,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + personId }, Message.Text("Week 12"), app.Time.GetUtcNow())
            with { State = state, DueAt = dueAt, LastError = why, Budgeted = true, Attempts = state == DeliveryState.Failed ? 1 : 0 });

    async Task<JsonObject> ReportAsync(string id) =>
        (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))!["report"]!.AsObject();

    [Fact]
    public async Task Copies_waiting_for_their_morning_or_a_retry_are_grouped_by_why_with_the_first_and_last_time_they_go()
    {
        var id = await CreateAsync();
        // Found in Eve's and Ben's night after a restart: they wait for tomorrow's 09:00 (Chicago, and Ben's own zone an hour later).
        var morning = new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc);
        Copy(id, "p-eve", DeliveryState.Queued, morning, Dispatcher.LateAtNight);
        Copy(id, "p-ben", DeliveryState.Queued, morning.AddHours(1), Dispatcher.LateAtNight);
        // Teams answered 503 for Cy: tried again in five minutes.
        Copy(id, "p-cy", DeliveryState.Failed, Now.AddMinutes(5), "Teams answered 503 (service unavailable)");

        var report = await ReportAsync(id);

        Assert.Equal((2, 1), ((int)report["queued"]!, (int)report["failed"]!));
        var waiting = report["waiting"]!.AsObject();
        Assert.Equal("America/Chicago", (string?)waiting["timeZone"]);
        var groups = waiting["groups"]!.AsArray().Select(g => ((string)g!["reason"]!, (int)g["count"]!, (DateTime?)g["firstGoesAt"], (DateTime?)g["lastGoesAt"])).ToList();
        Assert.Equal([("retry", 1, Now.AddMinutes(5), Now.AddMinutes(5)), ("morning", 2, morning, morning.AddHours(1))], groups);
    }

    [Fact]
    public async Task Copies_HitBot_found_in_a_break_when_it_came_back_wait_for_the_pause_not_for_an_unexplained_later()
    {
        var id = await CreateAsync();
        // Queued before HitBot went down on the Friday before spring break, found on its Tuesday: they go on the Monday after.
        var afterBreak = new DateTime(2026, 3, 16, 14, 0, 0, DateTimeKind.Utc);
        Copy(id, "p-eve", DeliveryState.Queued, afterBreak, Dispatcher.LateInPause);

        var report = await ReportAsync(id);

        var group = Assert.Single(report["waiting"]!["groups"]!.AsArray());
        Assert.Equal(("pause", 1, afterBreak), ((string)group!["reason"]!, (int)group["count"]!, (DateTime?)group["firstGoesAt"]));
    }

    [Fact]
    public async Task An_update_with_nothing_waiting_has_no_groups()
    {
        var id = await CreateAsync();

        var report = await ReportAsync(id);

        Assert.Empty(report["waiting"]!["groups"]!.AsArray());
    }
}
