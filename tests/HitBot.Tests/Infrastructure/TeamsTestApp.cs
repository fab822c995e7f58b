using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Tests.Infrastructure;

/// <summary>A HitBot in emulator mode whose Teams replies go to a <see cref="FakeBotConnector"/>, with roster and posting helpers.</summary>
public sealed class TeamsTestApp : IAsyncDisposable
{
    TeamsTestApp(FakeBotConnector connector, HitBotApp app)
    {
        Connector = connector;
        App = app;
        Client = app.CreateClient();
    }

    public FakeBotConnector Connector { get; }
    public HitBotApp App { get; }
    public HttpClient Client { get; }

    public static async Task<TeamsTestApp> StartAsync(Dictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var connector = await FakeBotConnector.StartAsync();
        return new TeamsTestApp(connector, new HitBotApp(settings) { TestServices = services });
    }

    /// <summary>A person in a personal chat with HitBot, as Teams would describe them.</summary>
    public TeamsActivities NewUser() => new(Connector.ServiceUrl);

    public async Task ImportRosterAsync(string csvLines)
    {
        using var content = new StringContent("name,email,role,site,partner\n" + csvLines, Encoding.UTF8, "text/csv");
        var response = await App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity) =>
        Client.PostAsJsonAsync(new Uri("/api/messages", UriKind.Relative), activity, TestContext.Current.CancellationToken);

    public Delivery? Queued(string key) => App.Get<OutboxStore>().FindByKey(key);

    public int QueuedCount() => App.Get<OutboxStore>().CountByState().Values.Sum();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
