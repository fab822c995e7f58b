using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Every CSV download opens in Excel with names as people wrote them. Excel reads a CSV without a UTF-8 byte order mark
/// as the machine's ANSI code page (Windows-1252 in the US): "José Núñez" showed as "JosÃ© NÃºÃ±ez" in the report a
/// coordinator took to the board.
/// </summary>
public sealed class CsvDownloadTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly byte[] Utf8Mark = [0xEF, 0xBB, 0xBF];

    static async Task<HitBotApp> WithJoseAsync()
    {
        var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        using var roster = new StringContent("name,email,role\nJosé Núñez,jose@example.org,tutor;site champion\n", Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        using var plan = new StringContent("item,owner_email,due_date\ndata-plan,jose@example.org,2026-03-12\n", Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/action-items/import", UriKind.Relative), plan, Ct)).EnsureSuccessStatusCode();
        return app;
    }

    /// <summary>What Excel shows: UTF-8 when the file starts with its byte order mark, else the bytes read as Windows-1252.</summary>
    static string AsExcelReads(byte[] bytes) => bytes.AsSpan().StartsWith(Utf8Mark)
        ? Encoding.UTF8.GetString(bytes.AsSpan(Utf8Mark.Length))
        : CodePagesEncodingProvider.Instance.GetEncoding(1252)!.GetString(bytes);

    [Fact]
    public async Task The_plan_downloaded_for_Excel_shows_an_owner_with_accents_as_written()
    {
        using var app = await WithJoseAsync();

        var bytes = await app.CreateAdminClient().GetByteArrayAsync(new Uri("/api/admin/action-items.csv", UriKind.Relative), Ct);

        Assert.Contains(",jose@example.org,José Núñez,2026-03-12,", AsExcelReads(bytes), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("feedback")]
    [InlineData("update")]
    [InlineData("survey")]
    public async Task Every_other_download_starts_with_the_mark_Excel_reads_as_UTF8(string download)
    {
        using var app = await WithJoseAsync();
        var admin = app.CreateAdminClient();
        var path = download switch
        {
            "feedback" => "/api/admin/feedback.csv",
            "update" => $"/api/admin/updates/{await IdOfAsync(await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
            {
                ["title"] = "Week 1", ["body"] = "Hello", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            }, Ct))}/deliveries.csv",
            _ => $"/api/admin/survey-runs/{await LaunchAsync(admin)}/responses.csv",
        };

        var response = await admin.GetAsync(new Uri(path, UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Utf8Mark, (await response.Content.ReadAsByteArrayAsync(Ct))[..3]);
    }

    static async Task<string> IdOfAsync(HttpResponseMessage created)
    {
        created.EnsureSuccessStatusCode();
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    static async Task<string> LaunchAsync(HttpClient admin)
    {
        var surveyId = await IdOfAsync(await admin.PostAsJsonAsync("/api/admin/surveys", new JsonObject { ["template"] = "retention-pulse" }, Ct));
        return await IdOfAsync(await admin.PostAsJsonAsync($"/api/admin/surveys/{surveyId}/runs", new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
            ["closesAt"] = DateTimeOffset.Parse("2026-03-09T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToString("O"),
        }, Ct));
    }
}
