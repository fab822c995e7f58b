namespace HitBot.Slack;

/// <summary>Slack answered <c>ok:false</c> (or a bare HTTP error); <see cref="Code"/> is Slack's error code (protocols.md §7.4).</summary>
public sealed class SlackApiException(string method, string code, int status, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception($"Slack {method} failed: {code}", inner)
{
    public string Method { get; } = method;
    public string Code { get; } = code;
    public int Status { get; } = status;
    /// <summary>Slack's <c>Retry-After</c> on a 429, which is exactly how long to wait (§7.3).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimit => Status == 429 || Code is "ratelimited" or "rate_limited";

    /// <summary>The token itself is refused: no call will work until someone fixes HitBot:Slack:BotToken.</summary>
    public bool IsAuthFailure => Code is "invalid_auth" or "not_authed" or "account_inactive" or "token_revoked" or "token_expired";
}
