using System.Collections.Concurrent;
using System.Net;

namespace HitBot.Admin;

/// <summary>
/// Counts wrong tokens (bearer calls and dashboard sign-ins) per client address (an IPv6 one per /64): after <see cref="MaxFailures"/> in a
/// minute, that address gets 429 for any credential until the minute is over. Only failures count, so correct calls
/// never use up the budget. A small fixed window of our own rather than System.Threading.RateLimiting's: those limiters
/// count every request and read the Stopwatch, and this one must count failures only and follow TimeProvider.
/// </summary>
public sealed class AuthFailureThrottle(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    const int PruneAbove = 10_000;

    readonly ConcurrentDictionary<string, FailureWindow> windows = new();

    /// <summary>How long this address must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(IPAddress? address)
    {
        if (!windows.TryGetValue(Key(address), out var window)) return null;
        var left = window.Start + Window - time.GetUtcNow();
        return window.Count >= MaxFailures && left > TimeSpan.Zero ? left : null;
    }

    public void Failed(IPAddress? address)
    {
        var now = time.GetUtcNow();
        if (windows.Count > PruneAbove)
            foreach (var (key, old) in windows)
                if (now - old.Start >= Window) windows.TryRemove(key, out _);
        windows.AddOrUpdate(Key(address), _ => new FailureWindow(now, 1),
            (_, w) => now - w.Start >= Window ? new FailureWindow(now, 1) : w with { Count = w.Count + 1 });
    }

    /// <summary>
    /// An IPv4 address as it is; an IPv6 address by its /64, the block one home or office is given: counting each full
    /// address let a guesser pick a new one from their block for every ten tries.
    /// </summary>
    static string Key(IPAddress? address)
    {
        if (address is null) return "unknown";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    readonly record struct FailureWindow(DateTimeOffset Start, int Count);
}
