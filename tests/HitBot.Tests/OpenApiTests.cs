using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class OpenApiTests : IDisposable
{
    readonly HitBotApp app = new();

    /// <summary>Scripts and client generators read the admin API from one document.</summary>
    [Fact]
    public async Task The_admin_API_is_described_in_an_OpenAPI_document()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonObject>(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);

        var paths = document?["paths"]?.AsObject().Select(p => p.Key).ToList() ?? [];
        Assert.StartsWith("3.", (string?)document?["openapi"], StringComparison.Ordinal);
        Assert.Contains("/api/admin/people/import", paths);
        Assert.Contains("/api/admin/updates", paths);
        Assert.Contains("/api/admin/updates/{id}/send", paths);
        Assert.Contains("/api/admin/updates/{id}/schedule", paths);
        Assert.Contains("/api/admin/feedback", paths);
        Assert.Contains("/api/admin/feedback/{id}/reply", paths);
        Assert.Contains("/api/admin/feedback/{id}/handled", paths);
        Assert.Contains("/api/admin/appreciation", paths);
        Assert.Contains("/api/admin/action-items", paths);
        Assert.Contains("/api/admin/action-items/import", paths);
        Assert.Contains("/api/admin/action-items/digest", paths);
        Assert.Contains("/api/admin/action-items/{id}/archive", paths);
        Assert.Contains("/api/admin/program-phase/announce", paths);
        Assert.Contains("/api/admin/surveys/{id}/runs", paths);
        Assert.Contains("/api/admin/survey-runs/{id}/results", paths);
        Assert.Contains("/api/admin/survey-runs/{id}/responses.csv", paths);
        Assert.Contains("/api/admin/calendar/import", paths);
        Assert.Contains("/api/admin/calendar/held", paths);
        Assert.NotNull(document?["components"]?["schemas"]?["UpdateReport"]);
        Assert.NotNull(document?["components"]?["schemas"]?["FeedbackView"]);
    }

    public void Dispose() => app.Dispose();
}
