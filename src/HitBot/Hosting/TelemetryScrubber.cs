using System.Diagnostics;
using System.Text.RegularExpressions;
using HitBot.Core.Messaging.Outbox;
using OpenTelemetry;

namespace HitBot.Hosting;

/// <summary>
/// Takes what names a person out of every span before it is exported. Added ahead of the exporter, so it runs first.
/// </summary>
/// <remarks>
/// ASP.NET Core and HttpClient tag spans with the address as it was: a Bot Connector path holds the chat's conversation id,
/// a Graph path the person's Entra id, a dashboard path a person's id. The instrumentations redact query values only, and
/// only while an experimental setting (<c>OTEL_DOTNET_EXPERIMENTAL_*_DISABLE_URL_QUERY_REDACTION</c>) is unset: here the
/// address is cut down in code, whatever the environment says.
/// </remarks>
sealed partial class TelemetryScrubber : BaseProcessor<Activity>
{
    /// <summary>Who called (a coordinator's address and browser), which says nothing about how HitBot is doing.</summary>
    static readonly string[] AboutTheCaller = ["user_agent.original", "client.address", "client.port", "network.peer.address", "network.peer.port"];

    public override void OnEnd(Activity activity)
    {
        foreach (var key in AboutTheCaller)
            if (activity.GetTagItem(key) is not null) activity.SetTag(key, null);

        // An inbound request: the route template ("/api/admin/people/{id}") stands for the path; none, no path.
        if (activity.GetTagItem("url.path") is string path)
        {
            activity.SetTag("hitbot.surface", ObservabilitySetup.SurfaceOf(new PathString(path)));
            activity.SetTag("url.path", activity.GetTagItem("http.route") as string);
        }
        if (activity.GetTagItem("url.query") is string query) activity.SetTag("url.query", NamesOnly(query));
        // An outbound call: scheme, host, the path's words with every id replaced, the query's names.
        if (activity.GetTagItem("url.full") is string full) activity.SetTag("url.full", WithoutIds(full));

        // A status description written by a library may quote an exception's message; HitBot's own say what happened.
        if (activity.Source.Name != HitBotTelemetry.Name && activity.StatusDescription is not null)
            activity.SetStatus(activity.Status);
    }

    internal static string? WithoutIds(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return null;
        var path = string.Join('/', uri.AbsolutePath.Split('/').Select(s => s.Length == 0 || Word().IsMatch(s) ? s : "{id}"));
        return $"{uri.Scheme}://{uri.Authority}{path}{NamesOnly(uri.Query)}";
    }

    /// <summary>"?q=someone%40district.org&amp;page=2" becomes "?q=Redacted&amp;page=Redacted"; a name that is not a plain word is left out.</summary>
    static string NamesOnly(string query)
    {
        var names = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)[0]).Where(name => QueryName().IsMatch(name)).Select(name => name + "=Redacted").ToList();
        return names.Count == 0 ? "" : "?" + string.Join('&', names);
    }

    /// <summary>A path segment that is a word ("conversations", "chat.postMessage", "oauth2") or a version ("v3", "v1.0"); anything else is an id.</summary>
    [GeneratedRegex(@"^(?:[A-Za-z]+(?:[._-][A-Za-z]+)*\d*|v\d+(?:\.\d+)*)$")]
    private static partial Regex Word();

    [GeneratedRegex(@"^\$?[A-Za-z_][A-Za-z0-9_.-]{0,39}$")]
    private static partial Regex QueryName();
}
