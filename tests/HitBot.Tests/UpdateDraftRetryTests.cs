using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A Save whose answer never came back (the network dropped, a proxy answered 502 after HitBot had saved) is pressed
/// again: with the same Idempotency-Key it is the same draft, not a second one in the list.
/// </summary>
public sealed class UpdateDraftRetryTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\nLena Park,lena@example.org,central team,,\nLeo Grant,leo@example.org,central team,,");
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    static JsonObject Draft(string body) => new()
    {
        ["title"] = "Week 12", ["body"] = body, ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
    };

    Task<HttpResponseMessage> SaveAsync(JsonObject draft, string key) => SaveAsync(teams.App.CreateAdminClient(), draft, key);

    static async Task<HttpResponseMessage> SaveAsync(HttpClient client, JsonObject draft, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/admin/updates", UriKind.Relative)) { Content = JsonContent.Create(draft) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task The_same_save_sent_again_with_its_key_is_one_draft()
    {
        var first = await SaveAsync(Draft("Sessions resume Monday."), "3f9c2a7e1b6d4058a2c7e9f1b3d5a7c9");

        var again = await SaveAsync(Draft("Sessions resume Monday."), "3f9c2a7e1b6d4058a2c7e9f1b3d5a7c9");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, again.StatusCode));
        var id = (string?)(await first.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"];
        Assert.Equal(id, (string?)(await again.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"]);
        Assert.Equal(id, Assert.Single(teams.App.Get<UpdateStore>().Page(0, 10).Updates).Id);
    }

    /// <summary>
    /// A key is its sender's own: a colleague whose tab or script sends the same key saves their own draft. Keyed by the
    /// key alone, the colleague's Save was refused as "used for another update", and their text was not saved.
    /// </summary>
    [Fact]
    public async Task A_colleague_who_sends_the_same_key_saves_their_own_draft()
    {
        var lena = await teams.App.ClientOfAsync("lena@example.org");
        var leo = await teams.App.ClientOfAsync("leo@example.org");

        var hers = await SaveAsync(lena, Draft("Sessions resume Monday."), "3f9c2a7e1b6d4058a2c7e9f1b3d5a7c9");
        var his = await SaveAsync(leo, Draft("Timesheets are due Friday."), "3f9c2a7e1b6d4058a2c7e9f1b3d5a7c9");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (hers.StatusCode, his.StatusCode));
        Assert.Equal("Timesheets are due Friday.", (string?)(await his.Content.ReadFromJsonAsync<JsonObject>(Ct))?["body"]);
        Assert.Equal(["Sessions resume Monday.", "Timesheets are due Friday."],
            teams.App.Get<UpdateStore>().Page(0, 10).Updates.Select(u => u.Body).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_key_that_is_no_key_is_refused_naming_the_header_and_saves_nothing()
    {
        var response = await SaveAsync(Draft("Sessions resume Monday."), "not a key; " + new string('x', 120));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Idempotency-Key:", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 10).Updates);
    }
}
