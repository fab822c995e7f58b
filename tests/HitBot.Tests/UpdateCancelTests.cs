using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Cancelling an update's sending while it is under way: Teams is paced to one send a second (the stand-in answers at
/// once), so most deliveries are still waiting when the central team cancels.
/// </summary>
public sealed class UpdateCancelTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const int Tutors = 6;
    static readonly string[] TutorRole = ["tutor"];

    TeamsTestApp teams = null!;
    readonly List<string> tutorUserIds = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync(new() { ["HitBot:Teams:TenantSendsPerSecond"] = "1" });
        await teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(0, Tutors).Select(i => $"Tutor {i},tutor{i}@example.org,tutor,,")));
        var directory = teams.App.Get<PeopleDirectory>();
        for (var i = 0; i < Tutors; i++)
        {
            tutorUserIds.Add(teams.NewUser().UserId);
            directory.Link(Address(tutorUserIds[i]), $"tutor{i}@example.org");
        }
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    ChannelAddress Address(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
        ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task<string> CreateAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/updates", new
        {
            title = "Week 12: sessions resume Monday", body = "Thank you for a great term!", audience = new { roles = TutorRole },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    Task<HttpResponseMessage> PostAsync(string path) => Admin.PostAsync(new Uri(path, UriKind.Relative), null, Ct);

    int Posted() => teams.Connector.ConnectorCalls.Count(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal));

    [Fact]
    public async Task Cancelling_a_send_under_way_stops_the_deliveries_not_sent_yet_and_the_report_counts_both()
    {
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await teams.Connector.WaitForAsync(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal), Ct);

        var cancel = await PostAsync($"/api/admin/updates/{id}/cancel");
        var outbox = teams.App.Get<OutboxStore>();
        await teams.App.Get<DispatcherProgress>().WaitForAsync(() => outbox.InFlight == 0, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var report = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}", UriKind.Relative), Ct))?["report"];
        var (sent, cancelled) = ((int?)report?["sent"] ?? -1, (int?)report?["cancelled"] ?? -1);
        Assert.Equal(Tutors, sent + cancelled);
        Assert.InRange(cancelled, 1, Tutors - 1);
        Assert.Equal(sent, Posted());
        var rows = outbox.ForCampaign("update:" + id);
        Assert.All(rows.Where(r => r.State != DeliveryState.Sent), r => Assert.Equal((DeliveryState.Cancelled, UpdateSender.CancelledReason), (r.State, r.LastError)));
    }

    [Fact]
    public async Task Cancelled_deliveries_are_not_sent_again_by_resend_failed_or_a_second_send()
    {
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        await PostAsync($"/api/admin/updates/{id}/cancel");
        var outbox = teams.App.Get<OutboxStore>();
        await teams.App.Get<DispatcherProgress>().WaitForAsync(() => outbox.InFlight == 0, TimeSpan.FromSeconds(30), Ct);
        var sentBefore = Posted();

        await PostAsync($"/api/admin/updates/{id}/resend-failed");
        await PostAsync($"/api/admin/updates/{id}/send");
        await teams.DeliveredAsync();

        Assert.Equal(sentBefore, Posted());
        Assert.Equal(Tutors - sentBefore, outbox.ForCampaign("update:" + id).Count(r => r.State == DeliveryState.Cancelled));
    }

    [Fact]
    public async Task A_copy_given_up_before_the_cancel_is_not_sent_by_resend_failed_afterwards()
    {
        // Tutor 0 removed the app: the send to them is refused, given up at once (Dead), not cancelled by the cancel.
        var blocked = tutorUserIds[0];
        teams.Connector.Block(blocked);
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");
        var outbox = teams.App.Get<OutboxStore>();
        await teams.App.Get<DispatcherProgress>().WaitForAsync(
            () => outbox.ForCampaign("update:" + id).Any(r => r.State == DeliveryState.Dead), TimeSpan.FromSeconds(30), Ct);
        await PostAsync($"/api/admin/updates/{id}/cancel");
        await teams.App.Get<DispatcherProgress>().WaitForAsync(() => outbox.InFlight == 0, TimeSpan.FromSeconds(30), Ct);
        teams.Connector.Unblock(blocked);
        var sentBefore = Posted();

        var resend = await PostAsync($"/api/admin/updates/{id}/resend-failed");
        await teams.DeliveredAsync();

        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Contains("cancelled", await resend.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(sentBefore, Posted());
        Assert.Single(outbox.ForCampaign("update:" + id), r => r.State == DeliveryState.Dead);
    }

    [Fact]
    public async Task A_draft_has_no_sending_to_cancel_and_an_unknown_update_is_404()
    {
        var id = await CreateAsync();

        var draft = await PostAsync($"/api/admin/updates/{id}/cancel");
        var missing = await PostAsync("/api/admin/updates/no-such-update/cancel");

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.NotFound), (draft.StatusCode, missing.StatusCode));
    }
}
