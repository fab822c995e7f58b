namespace HitBot.Teams;

/// <summary>Microsoft Graph answered with an error status; <see cref="Code"/> is its <c>error.code</c> (e.g. <c>Request_ResourceNotFound</c>).</summary>
public sealed class GraphException(int status, string? code, TimeSpan? retryAfter)
    : Exception($"Microsoft Graph answered {status} {code}.")
{
    public int Status { get; } = status;
    public string? Code { get; } = code;
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Throttled or briefly unavailable: worth asking again after <see cref="RetryAfter"/> (protocols.md §3.8.7).</summary>
    public bool IsTransient => Status is 429 or 502 or 503 or 504;
}
