using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The dashboard's overview and the Monday digest count the same items as "due this week".</summary>
public sealed class DueThisWeekTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_item_due_in_six_days_is_due_this_week_and_one_due_in_seven_days_is_not_on_the_overview_or_in_the_digest()
    {
        // Monday 2 March 2026, 08:00 in the program's zone (America/Chicago).
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        foreach (var (title, due) in new[] { ("Due Sunday", "2026-03-08"), ("Due next Monday", "2026-03-09"), ("Due today", "2026-03-02") })
            (await admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = title, ["dueDate"] = due }, Ct)).EnsureSuccessStatusCode();

        var overview = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct);
        var digest = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/digest", UriKind.Relative), Ct);

        Assert.Equal(["Due today", "Due Sunday"], digest!["dueThisWeek"]!.AsArray().Select(l => (string?)l!["title"]));
        Assert.Equal(2, (int)overview!["actionPlan"]!["dueThisWeek"]!);
        Assert.DoesNotContain("Due next Monday", overview["actionPlan"]!["needAttention"]!.AsArray().Select(i => (string?)i!["title"]));
    }

    /// <summary>
    /// A repeating meeting blocked (no room this term) is blocked in the digest and on the board: the overview's Blocked
    /// number left it out, so the first page said 0 while the Monday digest listed it.
    /// </summary>
    [Fact]
    public async Task A_blocked_repeating_item_counts_as_blocked_on_the_overview_as_in_the_digest()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        var created = await admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = "Data reflection meetings", ["dueDate"] = "2026-03-05" }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        (await admin.PatchAsJsonAsync($"/api/admin/action-items/{id}", new JsonObject { ["repeatEveryWeeks"] = 2, ["repeatOn"] = "Thursday" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync($"/api/admin/action-items/{id}", new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No room this term" }, Ct)).EnsureSuccessStatusCode();

        var overview = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/overview", UriKind.Relative), Ct);
        var digest = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/digest", UriKind.Relative), Ct);

        Assert.Equal(["Data reflection meetings"], digest!["blocked"]!.AsArray().Select(l => (string?)l!["title"]));
        Assert.Equal(1, (int)overview!["actionPlan"]!["blocked"]!);
        Assert.Contains("Data reflection meetings", overview["actionPlan"]!["needAttention"]!.AsArray().Select(i => (string?)i!["title"]));
    }
}
