using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests.Infrastructure;

/// <summary>The HitBot host with Slack on, its Web API pointed at a <see cref="FakeSlackApi"/>.</summary>
public sealed class SlackTestApp : IAsyncDisposable
{
    SlackTestApp(FakeSlackApi slack, HitBotApp app)
    {
        Slack = slack;
        App = app;
        Client = app.CreateClient();
    }

    public FakeSlackApi Slack { get; }
    public HitBotApp App { get; }
    public HttpClient Client { get; }
    public DateTimeOffset Now => App.Time.GetUtcNow();

    /// <param name="realPort">Listen on a local TCP port (to send raw bytes) instead of the in-memory test server.</param>
    public static async Task<SlackTestApp> StartAsync(Action<IServiceCollection>? services = null, Action<FakeSlackApi>? beforeStart = null,
        Dictionary<string, string?>? extraSettings = null, bool realPort = false)
    {
        var slack = await FakeSlackApi.StartAsync();
        beforeStart?.Invoke(slack);
        var settings = Settings(slack);
        foreach (var (key, value) in extraSettings ?? []) settings[key] = value;
        var app = new HitBotApp(settings) { TestServices = services };
        if (realPort) app.UseKestrel(0);
        return new SlackTestApp(slack, app);
    }

    public static Dictionary<string, string?> Settings(FakeSlackApi slack) => new()
    {
        ["HitBot:Slack:SigningSecret"] = SlackRequests.Secret,
        ["HitBot:Slack:BotToken"] = "xoxb-test-token",
        ["HitBot:Slack:ApiBaseUrl"] = slack.ApiBaseUrl,
    };

    /// <summary>Puts one person on the roster and returns them.</summary>
    public Person AddToRoster(string name, string email)
    {
        App.Get<RosterImport>().Import(new StringReader($"name,email,role\n{name},{email},tutor\n"), false);
        return App.Get<DirectoryStore>().FindByEmail(email) ?? throw new InvalidOperationException("The roster import did not add " + email);
    }

    /// <summary>Waits until the dispatcher has nothing due and nothing in flight.</summary>
    public Task DispatcherSettledAsync(CancellationToken ct) => OutboxSettled.WaitAsync(App, TimeSpan.FromSeconds(60), ct);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
