using System.ComponentModel.DataAnnotations;

namespace HitBot.Teams;

/// <summary>
/// The Azure Bot registration. With no <see cref="AppId"/> Teams runs in emulator mode: inbound tokens are not
/// checked and outbound calls carry none (Bot Framework Emulator, Teams App Test Tool / Agents Playground).
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "HitBot:Teams";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string DefaultLoginHost = "https://login.microsoftonline.com/";

    /// <summary>The Microsoft App ID (client id) of the Azure Bot.</summary>
    public string AppId { get; set; } = "";

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

    public bool AuthEnabled => AppId.Length > 0;

    public string EffectiveTokenAuthority =>
        TokenAuthority.Length > 0 ? TokenAuthority : DefaultLoginHost + (TenantId.Length > 0 ? TenantId : "botframework.com");
}
