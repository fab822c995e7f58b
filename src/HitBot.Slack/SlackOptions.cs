namespace HitBot.Slack;

/// <summary>
/// The Slack app's credentials (App settings → Basic Information → Signing Secret; OAuth → Bot User OAuth Token).
/// Both empty: Slack is off. One without the other: start-up fails (SlackSetup), so verification is never switched off.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "HitBot:Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>Signs every request Slack sends us (protocols.md §6.2).</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The <c>xoxb-</c> token the Web API calls carry.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>A setting so tests and staging can point the Web API client at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>
    /// Sends per second into one workspace, across all channels. Slack publishes no number for chat.postMessage's
    /// workspace-wide limit (protocols.md §7.3); a 429 beyond it is retried after Retry-After.
    /// </summary>
    public int SendsPerSecond { get; set; } = 20;

    /// <summary>
    /// Acknowledged Slack requests waiting in the durable inbox. At this many, further ones are refused with 503 before they
    /// are acknowledged (Slack retries events; a click shows as failed), so nothing is acknowledged and then dropped.
    /// </summary>
    public int InboxMaxBacklog { get; set; } = 10_000;

    public bool Enabled => IsSet(SigningSecret) && IsSet(BotToken);

    /// <summary>The base URL with a trailing slash: without it, "chat.postMessage" would resolve against slack.com/ and lose "api/".</summary>
    public Uri ApiBaseUri => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);

    internal static bool IsSet(string value) => !string.IsNullOrWhiteSpace(value);

    internal static bool IsAbsoluteHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
