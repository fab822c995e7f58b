namespace HitBot.Core.Messaging;

/// <summary>
/// The longest wait a platform's Retry-After is taken at. Slack and the Bot Connector ask for seconds or minutes; a value of
/// months (a broken proxy, a misread date) made <c>Task.Delay</c> throw past 49.7 days, which ended the background loop that
/// waited on it (the Slack roster linker, the Teams link-later queue), and would have parked a delivery as long.
/// </summary>
public static class RetryAfterLimit
{
    public static readonly TimeSpan Longest = TimeSpan.FromHours(1);

    public static TimeSpan? Of(TimeSpan? asked) => asked is { } wait && wait > Longest ? Longest : asked;
}
