using System.Net;

namespace HitBot.Hosting;

/// <summary>How HitBot sits behind the district's reverse proxy.</summary>
public sealed class HostingOptions
{
    public const string Section = "HitBot:Hosting";

    /// <summary>
    /// The reverse proxies in front of HitBot, comma separated: addresses (<c>10.0.0.5</c>) and networks
    /// (<c>10.1.0.0/16</c>). Only their <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed. Empty = as
    /// ASP.NET Core's <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c> says (off, or on and believed from anyone).
    /// </summary>
    public string TrustedProxies { get; set; } = "";

    /// <summary>The addresses and networks <see cref="TrustedProxies"/> names, or why one of them is neither.</summary>
    public static (List<IPNetwork> Networks, string? Problem) ReadProxies(string value)
    {
        var networks = new List<IPNetwork>();
        foreach (var entry in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPAddress.TryParse(entry, out var address) && !entry.Contains('/'))
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else if (IPNetwork.TryParse(entry, out var network))
                networks.Add(network);
            else
                return ([], $"HitBot:Hosting:TrustedProxies: '{entry}' is neither an IP address (10.0.0.5) nor a network (10.1.0.0/16). " +
                    "Name the reverse proxies in front of HitBot by address, comma separated; a host name is not read.");
        }
        return (networks, null);
    }
}
