namespace HitBot.Core;

/// <summary>
/// One line a minute for each reason inbound requests are refused (Slack's signature, Teams' token): anyone who finds
/// the address can send unsigned requests, and a line for each let a stranger fill the log (and the disk under it). The
/// next line says how many were refused for that reason in between.
/// </summary>
public sealed class RefusalLogGate(TimeProvider time)
{
    static readonly TimeSpan Every = TimeSpan.FromMinutes(1);
    readonly Lock gate = new();
    readonly Dictionary<string, (DateTimeOffset Logged, int Unlogged)> reasons = new(StringComparer.Ordinal);

    /// <summary>
    /// True when a line is due for <paramref name="reason"/>; <paramref name="unlogged"/> is then how many were refused for
    /// it without a line since the last one.
    /// </summary>
    public bool Due(string reason, out int unlogged)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            reasons.TryGetValue(reason, out var last);
            if (last.Logged != default && now - last.Logged < Every)
            {
                reasons[reason] = last with { Unlogged = last.Unlogged + 1 };
                unlogged = 0;
                return false;
            }
            reasons[reason] = (now, 0);
            unlogged = last.Unlogged;
            return true;
        }
    }
}
