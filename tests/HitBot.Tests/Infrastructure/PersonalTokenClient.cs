using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;

namespace HitBot.Tests.Infrastructure;

public static class PersonalTokenClient
{
    /// <summary>An HTTP client signed in with a personal token issued to the roster person with <paramref name="email"/>: acting in their role.</summary>
    public static async Task<HttpClient> ClientOfAsync(this HitBotApp app, string email)
    {
        var id = app.Get<DirectoryStore>().FindByEmail(email)!.Id;
        var issued = await app.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{id}/api-token", UriKind.Relative), null, TestContext.Current.CancellationToken);
        issued.EnsureSuccessStatusCode();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["token"]!);
        return client;
    }
}
