using HitBot.Core.Loops;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests.Calendar;

/// <summary>
/// HitBot in December 2026 (America/Chicago), the clock on Monday 14 December, 08:00 local, with a winter break from
/// Monday 21 December to Friday 1 January on the program calendar. Maya (tutor) and Ben (site champion) chat in Teams.
/// </summary>
sealed class WinterBreak : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-14T14:00:00Z", CultureInfo.InvariantCulture);
    public static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    WinterBreak(TeamsTestApp teams) => Teams = teams;

    public TeamsTestApp Teams { get; }
    public HitBotApp App => Teams.App;
    public HttpClient Admin => App.CreateAdminClient();
    public string MayaId { get; private set; } = "";
    public string BreakId { get; private set; } = "";

    /// <param name="realPort">Listen on a local TCP port, for a browser.</param>
    public static async Task<WinterBreak> StartAsync(bool realPort = false)
    {
        var winter = new WinterBreak(await TeamsTestApp.StartAsync(realPort: realPort, time: new FakeTimeProvider(Start)));
        await winter.Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\nBen Okafor,ben@example.org,site champion,Lincoln,");
        var directory = winter.App.Get<PeopleDirectory>();
        winter.MayaId = directory.Link(winter.TeamsAddress(winter.Teams.NewUser().UserId), "maya@example.org")!.Id;
        directory.Link(winter.TeamsAddress(winter.Teams.NewUser().UserId), "ben@example.org");
        var added = await winter.Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = "Winter break", ["kind"] = "break", ["first"] = "2026-12-21", ["last"] = "2027-01-01" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        winter.BreakId = (string)(await added.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        return winter;
    }

    public ChannelAddress TeamsAddress(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = Teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    /// <summary>Moves the fake clock an hour at a time, each time waiting until <paramref name="loop"/> has looked at the new time.</summary>
    public async Task AdvanceHoursAsync(LoopProgress loop, int hours)
    {
        for (var i = 0; i < hours; i++)
        {
            App.Time.Advance(TimeSpan.FromHours(1));
            var now = App.Time.GetUtcNow();
            await loop.WaitForAsync(() => loop.SettledAt >= now, Guard, Ct);
        }
    }

    /// <summary>Hours from now until <paramref name="local"/> (program time, e.g. "2027-01-04 10:00").</summary>
    public int HoursUntil(string local) =>
        (int)(TimeZoneInfo.ConvertTimeToUtc(DateTime.Parse(local, CultureInfo.InvariantCulture), Chicago) - App.Time.GetUtcNow().UtcDateTime).TotalHours;

    public static string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, Chicago).ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);

    /// <summary>What the calendar held, as the dashboard reads it.</summary>
    public async Task<List<JsonObject>> HeldAsync() =>
        [.. (await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/calendar/held", UriKind.Relative), Ct))!.Select(n => n!.AsObject())];

    public async ValueTask DisposeAsync() => await Teams.DisposeAsync();
}
