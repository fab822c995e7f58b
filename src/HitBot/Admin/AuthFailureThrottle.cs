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
        lock (window) return window.Wait(time.GetUtcNow());
    }

    /// <summary>
    /// Runs <paramref name="check"/> (a token check: null for a wrong token) unless this address must wait, and counts a
    /// wrong token in the same step. Checks from one address run one at a time: a guesser who sends many tries at once,
    /// each past the door's first look before any was judged, gets ten judged a minute, as one who sends them in turn.
    /// </summary>
    /// <returns>The credential; or null and how long to wait (locked out, nothing checked); or null and null (wrong, counted).</returns>
    public (T? Credential, TimeSpan? Wait) Judge<T>(IPAddress? address, Func<T?> check) where T : class
    {
        var now = time.GetUtcNow();
        if (windows.Count > PruneAbove)
            foreach (var (key, old) in windows)
                if (old.Over(now)) windows.TryRemove(key, out _);
        var window = windows.GetOrAdd(Key(address), _ => new FailureWindow(now));
        lock (window)
        {
            if (window.Wait(now) is { } wait) return (null, wait);
            var credential = check();
            if (credential is null) window.Fail(now);
            return (credential, null);
        }
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

    /// <summary>One address's minute; read and changed under its own lock.</summary>
    sealed class FailureWindow(DateTimeOffset start)
    {
        DateTimeOffset started = start;
        int count;

        public bool Over(DateTimeOffset now) => now - started >= Window;

        public TimeSpan? Wait(DateTimeOffset now) => count >= MaxFailures && !Over(now) ? started + Window - now : null;

        public void Fail(DateTimeOffset now)
        {
            // The minute starts at the first wrong token, not when a correct call first made this window.
            if (count == 0 || Over(now)) (started, count) = (now, 0);
            count++;
        }
    }
}
