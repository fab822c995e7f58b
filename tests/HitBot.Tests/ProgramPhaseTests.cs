using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The program's current phase: set on the dashboard (admin API), announced to chosen roles, leading the board and the digest.</summary>
public sealed class ProgramPhaseTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,\n" +
            "Ben Okafor,ben@example.org,Principal,Lincoln,\n" +
            "Ana Ruiz,ana@example.org,Research and Data Teams,,\n" +
            "Lena Park,lena@example.org,central team,,");
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in new[] { "maya", "ben", "ana", "lena" })
        {
            var userId = teams.NewUser().UserId;
            people[name] = directory.Link(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, $"{name}@example.org")!;
        }
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    Task<HttpResponseMessage> SetPhaseAsync(string phase) =>
        Admin.PutAsJsonAsync("/api/admin/program-phase", new JsonObject { ["phase"] = phase }, Ct);

    Task<HttpResponseMessage> AnnounceAsync(params string[] roles) =>
        Admin.PostAsJsonAsync("/api/admin/program-phase/announce", new JsonObject { ["roles"] = new JsonArray([.. roles.Select(r => (JsonNode)r)]) }, Ct);

    [Fact]
    public async Task Announcing_a_new_phase_tells_each_chosen_role_what_the_phase_expects_of_them_once()
    {
        Assert.Equal(HttpStatusCode.OK, (await SetPhaseAsync("initial-implementation")).StatusCode);

        var first = await AnnounceAsync("tutor", "school-leader");
        var again = await AnnounceAsync("tutor", "school-leader");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var report = (await first.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(2, (int)report["queued"]!);
        Assert.Equal(0, (int)(await again.Content.ReadFromJsonAsync<JsonObject>(Ct))!["queued"]!);
        var sent = teams.App.Get<OutboxStore>().ForCampaign((string)report["campaign"]!).ToDictionary(d => d.PersonId!);
        Assert.Equal(new[] { people["ben"].Id, people["maya"].Id }.Order(StringComparer.Ordinal), sent.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Initial implementation", sent[people["maya"].Id].MessageJson, StringComparison.Ordinal);
        Assert.Contains("Read the weekly updates", sent[people["maya"].Id].MessageJson, StringComparison.Ordinal);
        Assert.Contains("implementation committee", sent[people["ben"].Id].MessageJson, StringComparison.Ordinal);
        Assert.DoesNotContain("Read the weekly updates", sent[people["ben"].Id].MessageJson, StringComparison.Ordinal);
    }

    /// <summary>
    /// The data reflection meetings start with the pilot (003: "regular data review meetings with pilot schools"; 001, the
    /// launching phase: "structured and consistent time" to improve the program), and the launching card tells the research
    /// and data team to "hold the data reflection routine". The plan had the meetings in scaling, "after year one" (001), so
    /// the card that asked for the routine did not list the meetings their owner had to run.
    /// </summary>
    [Fact]
    public async Task Announcing_the_launch_lists_the_data_reflection_meetings_to_the_person_who_runs_them()
    {
        var owned = await Admin.PatchAsJsonAsync("/api/admin/action-items/reflection-meetings",
            new JsonObject { ["ownerEmail"] = "ana@example.org", ["dueDate"] = "2026-03-12" }, Ct);
        await SetPhaseAsync("initial-implementation");

        var report = (await (await AnnounceAsync("research-data")).Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        Assert.Equal(HttpStatusCode.OK, owned.StatusCode);
        var card = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign((string)report["campaign"]!)).MessageJson;
        Assert.Contains("hold the data reflection routine", card, StringComparison.Ordinal);
        Assert.Contains("Your action items in this phase", card, StringComparison.Ordinal);
        Assert.Contains("Conduct Regular Data Reflection Meetings", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_phase_or_role_is_refused_and_changes_nothing_and_nothing_is_announced_before_a_phase_is_set()
    {
        var early = await AnnounceAsync("tutor");
        var badPhase = await SetPhaseAsync("lift-off");
        await SetPhaseAsync("installation");
        var badRole = await AnnounceAsync("tutor", "astronaut");
        var none = await AnnounceAsync();
        var nullRole = await Admin.PostAsJsonAsync("/api/admin/program-phase/announce", new JsonObject { ["roles"] = new JsonArray("tutor", null) }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badPhase.StatusCode);
        Assert.Contains("initial-implementation", await badPhase.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badRole.StatusCode, none.StatusCode));
        Assert.Contains("'astronaut' is not a role", await badRole.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, nullRole.StatusCode);
        Assert.Contains("roles: give role names only", await nullRole.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var phase = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/program-phase", UriKind.Relative), Ct);
        Assert.Equal("installation", (string?)phase!["phase"]);
        Assert.Equal(0, teams.App.Get<OutboxStore>().CountByState().Values.Sum());
    }

    /// <summary>
    /// The checklist (000 §1) names its phases "Program Installation", "Initial Implementation" and "Scaling &amp;
    /// Sustainability", the phases tool (001) "Designing", "Launching" and "Scaling", and the README shows both beside the
    /// API values. HitBot took "Scaling" and "Program Installation" but refused the checklist's "Scaling &amp; Sustainability"
    /// and the tool's "Designing" and "Launching" with a 400, on the phase and on an item alike.
    /// </summary>
    [Theory]
    [InlineData("Scaling & Sustainability", "scaling-and-sustainability")]
    [InlineData("Designing", "installation")]
    [InlineData("Launching", "initial-implementation")]
    [InlineData("Phase 2 - Launching", "initial-implementation")]
    // The phases tool's own headings number its phases in Roman numerals.
    [InlineData("Phase I: Designing", "installation")]
    [InlineData("Phase II: Launching", "initial-implementation")]
    [InlineData("Phase III: Scaling", "scaling-and-sustainability")]
    public async Task The_phase_can_be_written_as_the_guides_name_it(string written, string phase)
    {
        var set = await SetPhaseAsync(written);
        var item = await Admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["phase"] = written }, Ct);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(phase, (string?)(await set.Content.ReadFromJsonAsync<JsonObject>(Ct))!["phase"]);
        Assert.Equal(HttpStatusCode.OK, item.StatusCode);
        Assert.Equal(phase, (string?)(await item.Content.ReadFromJsonAsync<JsonObject>(Ct))!["phase"]);
    }

    [Fact]
    public async Task The_board_and_the_digest_lead_with_the_current_phase()
    {
        await SetPhaseAsync("scaling-and-sustainability");

        var board = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/action-items", UriKind.Relative), Ct);
        var digest = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/digest", UriKind.Relative), Ct);

        Assert.Equal(["scaling-and-sustainability", "installation"], board!.Take(2).Select(i => (string?)i!["phase"]));
        Assert.Equal("Adjust Implementation Based on Data Insights", (string?)board![0]!["title"]);
        Assert.Equal("scaling-and-sustainability", (string?)digest!["currentPhase"]);
        Assert.Equal(["Adjust Implementation Based on Data Insights"], digest["thisPhase"]!.AsArray().Select(l => (string?)l!["title"]));
    }
}
