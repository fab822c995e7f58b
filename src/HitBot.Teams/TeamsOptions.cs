using System.ComponentModel.DataAnnotations;

namespace HitBot.Teams;

/// <summary>
/// The Azure Bot registration. With an <see cref="AppId"/> every inbound activity needs a Bot Framework JWT. Without
/// one Teams is off (404), unless <see cref="Emulator"/> is asked for: then tokens are not checked, outbound calls carry
/// none and go to loopback addresses only (Bot Framework Emulator, Agents Playground on the same machine).
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "HitBot:Teams";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultLoginHost = "https://login.microsoftonline.com/";
    public const string DefaultGraphBaseUrl = "https://graph.microsoft.com/v1.0";
    /// <summary>Teams' global Connector, for people HitBot has never heard from (protocols.md §3.8 "serviceUrl").</summary>
    public const string DefaultServiceUrl = "https://smba.trafficmanager.net/teams/";

    /// <summary>The Microsoft App ID (client id) of the Azure Bot.</summary>
    public string AppId { get; set; } = "";

    /// <summary>Local tools only: accept unauthenticated activities from, and reply to, loopback serviceUrls.</summary>
    public bool Emulator { get; set; }

    /// <summary>
    /// ServiceUrl prefixes accepted besides Teams' own hosts (<see cref="ServiceUrlPolicy"/>), e.g. a staging Connector
    /// or a test's local stand-in. Each must be an absolute http(s) URL.
    /// </summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>The client secret of that app registration.</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>Set for a single-tenant bot: tokens are then requested from this tenant.</summary>
    public string TenantId { get; set; } = "";

    [Required, Url(ErrorMessage = "HitBot:Teams:OpenIdMetadataUrl must be an absolute URL.")]
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Where outbound tokens come from. Empty: login.microsoftonline.com with the tenant, or botframework.com.</summary>
    public string TokenAuthority { get; set; } = "";

    /// <summary>Teams' limit per app per tenant is 50 RPS in current docs, 30 in older ones; we design for 30.</summary>
    [Range(1, 100_000, ErrorMessage = "HitBot:Teams:TenantSendsPerSecond must be between 1 and 100000.")]
    public int TenantSendsPerSecond { get; set; } = 30;

    /// <summary>Teams allows 7 sends per second into one conversation (protocols.md §3.6).</summary>
    [Range(1, 100, ErrorMessage = "HitBot:Teams:ConversationSendsPerSecond must be between 1 and 100.")]
    public int ConversationSendsPerSecond { get; set; } = 7;

    /// <summary>Install HitBot through Microsoft Graph for roster people who never opened it (protocols.md §3.8).</summary>
    public bool ProactiveInstall { get; set; }

    /// <summary>HitBot's id in the tenant's app catalog (Teams admin center → Manage apps → HitBot → App ID); not the manifest id.</summary>
    public string CatalogAppId { get; set; } = "";

    /// <summary>Microsoft Graph's root; national clouds have their own.</summary>
    public string GraphBaseUrl { get; set; } = DefaultGraphBaseUrl;

    /// <summary>The Connector URL used to open a chat with someone who never wrote to HitBot, so no activity told us theirs.</summary>
    public string ServiceUrl { get; set; } = DefaultServiceUrl;

    public bool AuthEnabled => AppId.Length > 0;

    /// <summary>Whether <c>/api/messages</c> answers at all: with an AppId, or in emulator mode when asked for.</summary>
    public bool Enabled => AuthEnabled || Emulator;

    public string EffectiveTokenAuthority =>
        TokenAuthority.Length > 0 ? TokenAuthority : DefaultLoginHost + (TenantId.Length > 0 ? TenantId : "botframework.com");

    /// <summary>
    /// Graph tokens always come from the school's own tenant, even for a multi-tenant bot; a TokenAuthority only moves the
    /// login host (staging, tests), never the tenant.
    /// </summary>
    public string GraphTokenAuthority =>
        (TokenAuthority.Length > 0 && Uri.TryCreate(TokenAuthority, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Authority) + "/" : DefaultLoginHost)
        + TenantId;
}
