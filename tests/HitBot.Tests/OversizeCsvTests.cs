using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>A calendar or assignment CSV far larger than its lines can be is refused with a short 413 before it is read, and nothing changes.</summary>
public sealed class OversizeCsvTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/admin/calendar/import", "name,kind,first,last", "calendar", "500", "/api/admin/calendar")]
    [InlineData("/api/admin/action-items/import", "item,owner_email,due_date", "assignment", "1,000", "/api/admin/action-items")]
    public async Task A_CSV_of_2_MB_is_a_short_413_that_says_to_check_the_file_and_changes_nothing(string path, string header, string what, string lines, string readBack)
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        var before = await admin.GetStringAsync(new Uri(readBack, UriKind.Relative), Ct);

        using var csv = new StringContent(header + "\n" + new string('x', 2 * 1024 * 1024) + ",,\n", Encoding.UTF8, "text/csv");
        var response = await admin.PostAsync(new Uri(path, UriKind.Relative), csv, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(body.Length < 1000, $"The answer is {body.Length:N0} characters long.");
        Assert.Equal($"The {what} file is larger than 1 MB, far more than its {lines} lines can hold: check that it is the right file. Nothing was changed.",
            (string?)JsonNode.Parse(body)?["title"]);
        Assert.Equal(before, await admin.GetStringAsync(new Uri(readBack, UriKind.Relative), Ct));
    }
}
