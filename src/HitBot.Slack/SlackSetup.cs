using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

public static class SlackSetup
{
    /// <summary>
    /// Slack is on when <c>HitBot:Slack</c> has both secrets, off when it has neither; half a section stops the start.
    /// The Block Kit export format is registered either way, so <c>export-cards</c> works without a Slack app.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddOptions<SlackOptions>().Bind(section)
            // Neither holds a space: one pasted with a space or a line break after it (an environment file, a secret store)
            // signed nothing Slack sent, and every request was refused while HitBot reported Slack connected.
            .PostConfigure(o => (o.SigningSecret, o.BotToken) = (o.SigningSecret.Trim(), o.BotToken.Trim()))
            .Validate(o => SlackOptions.IsSet(o.SigningSecret) || !SlackOptions.IsSet(o.BotToken),
                "HitBot:Slack:SigningSecret is required when HitBot:Slack:BotToken is set (Slack app → Basic Information → Signing Secret); " +
                "leave both empty to turn Slack off.")
            .Validate(o => SlackOptions.IsSet(o.BotToken) || !SlackOptions.IsSet(o.SigningSecret),
                "HitBot:Slack:BotToken is required when HitBot:Slack:SigningSecret is set (Slack app → OAuth & Permissions → Bot User OAuth Token, xoxb-…); " +
                "leave both empty to turn Slack off.")
            .Validate(o => !Core.SamplePlaceholder.Is(o.SigningSecret),
                "HitBot:Slack:SigningSecret is still the placeholder of appsettings.sample.json: set the Signing Secret (Slack app → Basic Information), " +
                "or leave both Slack settings empty to turn Slack off.")
            .Validate(o => !Core.SamplePlaceholder.Is(o.BotToken),
                "HitBot:Slack:BotToken is still the placeholder of appsettings.sample.json: set the Bot User OAuth Token (xoxb-…, Slack app → OAuth & Permissions), " +
                "or leave both Slack settings empty to turn Slack off.")
            // auth.test accepts a user token (xoxp-): every message would then go out as the person who installed the app.
            // An app-level token (xapp-) cannot send at all, and a rotating one (xoxe.xoxb-) expires in 12 hours unrefreshed.
            .Validate(o => !SlackOptions.IsSet(o.BotToken) || o.BotToken.StartsWith("xoxb-", StringComparison.Ordinal),
                "HitBot:Slack:BotToken must be the Bot User OAuth Token, which starts with xoxb- (Slack app → OAuth & Permissions); " +
                "a user token (xoxp-) would post as the person who installed the app, an app-level token (xapp-) cannot send messages, " +
                "and a rotating token (xoxe.) needs token rotation turned off.")
            .Validate(o => SlackOptions.IsAbsoluteHttpUrl(o.ApiBaseUrl),
                $"HitBot:Slack:ApiBaseUrl must be an absolute http(s) URL such as {SlackOptions.DefaultApiBaseUrl}")
            // Every call carries the bot token: over plain http to another machine, anyone on the path could take it.
            .Validate(o => !SlackOptions.IsAbsoluteHttpUrl(o.ApiBaseUrl) || o.ApiBaseUri.Scheme == Uri.UriSchemeHttps || Core.Loopback.Is(o.ApiBaseUri),
                $"HitBot:Slack:ApiBaseUrl must be an https:// URL such as {SlackOptions.DefaultApiBaseUrl} (the bot token goes with every call; " +
                "http:// is for a test server on this machine).")
            .Validate(o => o.SendsPerSecond is >= 1 and <= 100_000,
                "HitBot:Slack:SendsPerSecond must be between 1 and 100000 (default 20).")
            .Validate(o => o.InboxMaxBacklog is >= 1 and <= 1_000_000,
                "HitBot:Slack:InboxMaxBacklog must be between 1 and 1000000 (default 10000).")
            .ValidateOnStart();

        services.AddSingleton<ICardFormat, SlackCardFormat>();
        services.AddSingleton<SlackViewSamples>();

        // Read here rather than from IOptions: whether the Slack services exist at all is decided while registering.
        var options = section.Get<SlackOptions>() ?? new SlackOptions();
        if (!options.Enabled) return services;

        services.AddSingleton<SlackRequestVerifier>();
        // Slack answers in well under a second; a hung call must not hold a dispatcher slot or the 3-s acknowledgement.
        services.AddHttpClient(SlackWebApi.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
            .ConfigureHttpClient((sp, c) => c.BaseAddress = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUri)
            // A failed call surfaces as a SlackApiException that its caller logs; the factory's own lines (a scope and two
            // lines a call, Warning and up only by default) cost every click its share of processor time for nothing.
            .RemoveAllLoggers();
        services.AddSingleton<SlackWebApi>();
        services.AddSingleton<SlackWorkspace>();
        services.AddSingleton<IChatSetup>(new SlackChatSetup());
        services.AddHostedService<SlackAuthCheck>();
        services.AddSingleton<SlackPacing>();
        services.AddSingleton<SlackOutsiders>();
        services.AddSingleton<SlackChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<SlackChannel>());
        services.AddSingleton<SlackThrottle>();
        services.AddSingleton<SlackPeople>();
        services.AddSingleton<SlackResponder>();
        services.AddSingleton<SlackHomeTab>();
        services.AddSingleton<SlackInbox>();
        services.AddHostedService<SlackInboxWorker>();
        services.AddSingleton<SlackRosterLinker>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackRosterLinker>());
        services.AddSingleton<SlackRequestHandler>();
        return services;
    }
}
