using System.ComponentModel.DataAnnotations;
using HitBot.Core.Erasure;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

public static class TeamsSetup
{
    /// <summary>
    /// Teams' services are always registered (stored Teams addresses still need a channel); <c>/api/messages</c> answers
    /// only with an AppId, or in emulator mode when <c>HitBot:Teams:Emulator</c> asks for it.
    /// </summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section)
            // A GUID is the same in capitals, and some tools show it so, but Microsoft's tokens carry the App ID in lower case
            // and IdentityModel compares audiences exactly: set in capitals, every message from Teams was refused.
            .PostConfigure(o => o.AppId = o.AppId.ToLowerInvariant())
            .ValidateDataAnnotations()
            // Guid.TryParse also takes spaces around it, braces or no hyphens; HitBot compares the id as written (the tokens'
            // audience, the activities' tenant), so such a value started and then refused every Teams message.
            .Validate(o => !o.AuthEnabled || IsGuid(o.AppId),
                "HitBot:Teams:AppId must be the Microsoft App ID of the Azure Bot as Azure shows it (a GUID such as 1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d, " +
                "no spaces or braces), or empty for emulator mode.")
            // Signing keys over plain http to another machine: whoever is on the path could sign as Teams for any linked person.
            // What [Url] refuses it says itself; it takes ftp:// too, which started and then refused every Teams message.
            .Validate(o => !new UrlAttribute().IsValid(o.OpenIdMetadataUrl) || (IsHttpUrl(o.OpenIdMetadataUrl) && IsHttpsOrThisMachine(o.OpenIdMetadataUrl)),
                "HitBot:Teams:OpenIdMetadataUrl must be an https:// URL such as " + TeamsOptions.DefaultOpenIdMetadataUrl +
                " (the keys that sign Teams' requests are never fetched over plain http; http:// is for a test server on this machine).")
            // Only spaces is no secret: it started, and the first token request ended HitBot with a stack trace.
            .Validate(o => !o.AuthEnabled || !string.IsNullOrWhiteSpace(o.AppPassword),
                "HitBot:Teams:AppPassword is required when HitBot:Teams:AppId is set (the client secret of the bot's app registration).")
            // Half a registration is a mistake, not a choice: Teams stayed off with an Info line, and its people unreached.
            .Validate(o => o.AuthEnabled || o.AppPassword.Length == 0,
                "HitBot:Teams:AppId is required when HitBot:Teams:AppPassword is set (the Microsoft App ID on the Azure Bot's Configuration page); " +
                "leave both empty to turn Teams off.")
            .Validate(o => o.AuthEnabled || o.TenantId.Length == 0,
                "HitBot:Teams:AppId is required when HitBot:Teams:TenantId is set (the Microsoft App ID on the Azure Bot's Configuration page); " +
                "leave both empty to turn Teams off.")
            .Validate(o => !Core.SamplePlaceholder.Is(o.AppPassword),
                "HitBot:Teams:AppPassword is still the placeholder of appsettings.sample.json: set the client secret's Value (app registration → " +
                "Certificates & secrets), or leave it and HitBot:Teams:AppId empty to turn Teams off.")
            .Validate(o => o.TenantId.Length == 0 || IsGuid(o.TenantId),
                "HitBot:Teams:TenantId must be a tenant GUID as Azure shows it (such as 9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a, no spaces or braces), " +
                "or empty for a multi-tenant bot.")
            .Validate(o => o.TokenAuthority.Length == 0 || IsHttps(o.TokenAuthority),
                "HitBot:Teams:TokenAuthority must be an https:// URL such as https://login.microsoftonline.com/botframework.com (tokens are never fetched over plain http).")
            .Validate(o => !(o.Emulator && o.AuthEnabled),
                "HitBot:Teams:Emulator=true switches Teams' token checks off; remove it (or HitBot:Teams:AppId): a configured bot never runs unauthenticated.")
            // Every call to a Connector carries HitBot's Bot Framework token: over plain http to another machine anyone on the
            // way could read it and write to the school's staff as HitBot until it expires. http is for a stand-in on this machine.
            .Validate(o => o.AllowedServiceUrls.All(u => IsHttpUrl(u) && IsHttpsOrThisMachine(u)),
                "HitBot:Teams:AllowedServiceUrls must list absolute https:// URLs (Connector addresses HitBot may call besides Teams' own; " +
                "http:// only on this machine, such as http://localhost:3979/, as HitBot's token goes with every call).")
            .Validate(o => IsHttps(o.GraphBaseUrl),
                "HitBot:Teams:GraphBaseUrl must be an https:// URL such as https://graph.microsoft.com/v1.0 (Graph tokens are never sent over plain http).")
            .Validate(o => IsHttpUrl(o.ServiceUrl),
                "HitBot:Teams:ServiceUrl must be an absolute URL such as https://smba.trafficmanager.net/teams/ (the Connector for people who never wrote to HitBot).")
            // Only proactive install calls it, for people who never wrote to HitBot; the sends after it go through the same policy
            // as every other, so a URL that policy refuses installed HitBot for people it could then never write to.
            .Validate(o => !o.AuthEnabled || !IsHttpUrl(o.ServiceUrl) || new ServiceUrlPolicy(Options.Create(o)).IsAllowed(o.ServiceUrl),
                "HitBot:Teams:ServiceUrl must be Teams' Connector, https://smba.trafficmanager.net/teams/ (or a government cloud's on " +
                "*.teams.microsoft.us or *.teams.microsoft.com): HitBot sends only to Teams' own hosts and those listed in HitBot:Teams:AllowedServiceUrls.")
            .Validate(o => !o.ProactiveInstall || o.AuthEnabled,
                "HitBot:Teams:ProactiveInstall=true needs HitBot:Teams:AppId (the bot's app registration installs HitBot through Microsoft Graph).")
            .Validate(o => !o.ProactiveInstall || IsGuid(o.TenantId),
                "HitBot:Teams:ProactiveInstall=true needs HitBot:Teams:TenantId (the school's tenant GUID: Graph tokens are issued by it).")
            .Validate(o => !o.ProactiveInstall || IsGuid(o.CatalogAppId),
                "HitBot:Teams:ProactiveInstall=true needs HitBot:Teams:CatalogAppId, HitBot's app id (a GUID) in the tenant's app catalog (Teams admin center → Manage apps → HitBot).")
            .ValidateOnStart();
        services.AddSingleton<ICardFormat, TeamsCardFormat>();
        // Metadata and keys are small documents; a slow login host must not eat Teams' 15-s budget (protocols.md §1.9).
        services.AddHttpClient(BotFrameworkAuth.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<BotFrameworkAuth>();

        // Redirects are not followed: the bearer token must only ever reach the serviceUrl it was sent to.
        // ConnectorClient logs each call itself (operation, status, Teams' operation id); the factory's own two lines a
        // request were a tenth of a fan-out's processor time (docs/benchmarks.md, dispatcher).
        services.AddHttpClient(ConnectorClient.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.AddHttpClient(MsalHttpClientFactory.HttpClientName);
        services.AddSingleton<BotTokenProvider>();
        services.AddSingleton<IChatSetup, TeamsChatSetup>();
        services.AddHostedService<TeamsAuthCheck>();
        services.AddSingleton<ServiceUrlPolicy>();
        services.AddSingleton<ConnectorClient>();
        services.AddSingleton<TeamsPacing>();
        services.AddSingleton<TeamsChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<TeamsChannel>());
        services.AddSingleton<TeamsPeople>();
        services.AddSingleton<TeamsInstallation>();
        services.AddSingleton<TeamsResponder>();
        services.AddSingleton<TeamsActivityHandler>();

        services.AddSingleton<PendingLinkStore>();
        services.AddSingleton<IPersonErasurePart>(sp => sp.GetRequiredService<PendingLinkStore>());
        services.AddSingleton<PendingLinks>();
        services.AddSingleton<TeamsLinkLater>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsLinkLater>());
        // Graph is only called with ProactiveInstall on (the installer returns at once otherwise); like the Connector,
        // redirects are not followed, so the Graph token only ever reaches GraphBaseUrl.
        services.AddHttpClient(GraphClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<GraphTokenProvider>();
        services.AddSingleton<GraphClient>();
        services.AddSingleton<TeamsProactiveInstaller>();
        services.AddHostedService(sp => sp.GetRequiredService<TeamsProactiveInstaller>());
        return services;
    }

    /// <summary>A GUID in the one form Azure shows and tokens carry: 36 characters, hyphens, nothing around it.</summary>
    static bool IsGuid(string value) => value.Length == 36 && Guid.TryParseExact(value, "D", out _);

    static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    static bool IsHttpsOrThisMachine(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || Core.Loopback.Is(url));

    static bool IsHttps(string value) => Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme == Uri.UriSchemeHttps;
}
