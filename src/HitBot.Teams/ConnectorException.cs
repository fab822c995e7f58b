namespace HitBot.Teams;

/// <summary>The Bot Connector answered with an error status; <see cref="Code"/> is its <c>error.code</c> (e.g. <c>MessageWritesBlocked</c>).</summary>
public sealed class ConnectorException(int status, string? code, string body, TimeSpan? retryAfter)
    : Exception($"The Bot Connector answered {status}{(code is null ? "" : " " + code)}.")
{
    public int Status { get; } = status;
    public string? Code { get; } = code;
    public string Body { get; } = body;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
