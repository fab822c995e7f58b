using System.Net;

namespace HitBot.Core;

/// <summary>
/// Whether an address is this machine: emulator mode answers and replies to nothing else, and a local run's admin token
/// is made only when HitBot listens on nothing else.
/// </summary>
public static class Loopback
{
    /// <summary>"localhost", 127.0.0.0/8 or ::1 (with or without brackets); no name is looked up.</summary>
    public static bool IsHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public static bool Is(Uri url) => url.IsLoopback || IsHost(url.Host);
}
