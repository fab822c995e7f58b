using System.Diagnostics.CodeAnalysis;
using HitBot.Core;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>
/// Where HitBot may send Bot Connector calls (and so its bearer token). A verified token already vouches for an
/// activity's serviceUrl; this adds that the host is Teams' own, so a leaked or misissued token cannot point HitBot at an
/// internal address. Emulator mode reaches loopback only: its activities are unauthenticated.
/// </summary>
public sealed class ServiceUrlPolicy(IOptions<TeamsOptions> options)
{
    /// <summary>
    /// Teams' public Connector host (protocols.md §3.3, §3.8 "serviceUrl"). Exactly this one: any Azure customer can name
    /// a Traffic Manager profile <c>something.trafficmanager.net</c>, so the domain as a whole is nobody's in particular.
    /// </summary>
    const string TeamsPublicHost = "smba.trafficmanager.net";
    /// <summary>Teams' government Connector hosts (smba.infra.gcc.teams.microsoft.com, …): domains only Microsoft names hosts in.</summary>
    static readonly string[] TeamsHostSuffixes = [".teams.microsoft.com", ".teams.microsoft.us"];

    public bool IsAllowed([NotNullWhen(true)] string? serviceUrl)
    {
        var settings = options.Value;
        if (!settings.Enabled || !Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.UserInfo.Length > 0)
            return false;
        if (!settings.AuthEnabled) return Loopback.Is(url);
        if (url.Scheme == Uri.UriSchemeHttps && url.IsDefaultPort && IsTeamsHost(url.Host)) return true;
        return settings.AllowedServiceUrls.Any(allowed => HasPrefix(url, allowed));
    }

    /// <summary>The refusal a person reading logs or a delivery row can act on.</summary>
    public string Refusal(string? serviceUrl) => options.Value.AuthEnabled
        ? $"HitBot sends only to Teams' own hosts; '{Origin(serviceUrl)}' is not one (add it to HitBot:Teams:AllowedServiceUrls if it is yours)."
        : options.Value.Emulator
            ? $"In emulator mode HitBot replies to this machine only; '{Origin(serviceUrl)}' is not a loopback address."
            : "Teams is off: set HitBot:Teams:AppId (or HitBot:Teams:Emulator=true for local tools).";

    static bool IsTeamsHost(string host) =>
        string.Equals(host, TeamsPublicHost, StringComparison.OrdinalIgnoreCase)
        || TeamsHostSuffixes.Any(suffix => host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && host.Length > suffix.Length);

    /// <summary>Same scheme, host and port, and the path under the allowed one ("/teams/" does not admit "/teamsx/").</summary>
    static bool HasPrefix(Uri url, string allowed) =>
        Uri.TryCreate(allowed, UriKind.Absolute, out var prefix)
        && Uri.Compare(url, prefix, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0
        && (url.AbsolutePath.TrimEnd('/') + "/").StartsWith(prefix.AbsolutePath.TrimEnd('/') + "/", StringComparison.OrdinalIgnoreCase);

    static string Origin(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) ? url.GetLeftPart(UriPartial.Authority) : "(not a URL)";
}
