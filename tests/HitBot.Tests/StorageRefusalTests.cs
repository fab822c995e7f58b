using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Storage;
using HitBot.Hosting;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HitBot.Tests;

/// <summary>
/// A coordinator saving on the dashboard, or a district's script, while the disk under the database is full (or turned
/// read-only): the answer says the disk failed and who can cure it, not ASP.NET Core's bare "An error occurred".
/// </summary>
public sealed class StorageRefusalTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// HitBot stops itself after such a write (BackgroundFailureTests); here it stays up to answer. Not only the file watch
    /// stops it: any background part whose read meets the closed file ends in that error, and the host stopping then
    /// disposed the request's services under it (a 500 in a CI run), so the host ignores its parts' failures here.
    /// </summary>
    static HitBotApp StaysUp() => new()
    {
        TestServices = s =>
        {
            s.Remove(s.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(DatabaseFileWatch)));
            s.Configure<HostOptions>(o => o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore);
        },
    };

    [Fact]
    public async Task A_save_the_full_disk_refuses_is_answered_503_saying_the_disk_is_full_and_what_to_do()
    {
        using var app = StaysUp();
        app.Get<HitBotDb>().RefuseWrites(() => new IOException("No space left on device"));

        var response = await app.CreateAdminClient().PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12: sessions resume Monday", ["body"] = "See you there.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.RetryAfter?.Delta);
        var title = JsonNode.Parse(text)?["title"]?.GetValue<string>();
        Assert.Contains("the disk that holds it refused a write (No space left on device)", title, StringComparison.Ordinal);
        Assert.Contains("this was not saved", title, StringComparison.Ordinal);
        Assert.Contains("free space on that disk", title, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_read_once_the_database_file_was_closed_is_answered_503_saying_nothing_was_changed()
    {
        using var app = StaysUp();
        var db = app.Get<HitBotDb>();
        db.RefuseWrites(() => new IOException("Read-only file system"));
        Assert.ThrowsAny<IOException>(() => db.Collection<LiteDB.BsonDocument>("answers").Insert(new LiteDB.BsonDocument { ["Text"] = "lost" }));
        db.RefuseWrites(null);

        var response = await app.CreateAdminClient().GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var title = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["title"]?.GetValue<string>();
        Assert.Contains("(Read-only file system). Nothing was changed.", title, StringComparison.Ordinal);
    }
}
