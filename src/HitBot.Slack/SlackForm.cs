using System.Text;

namespace HitBot.Slack;

/// <summary>An <c>application/x-www-form-urlencoded</c> body, read only after its signature was checked.</summary>
static class SlackForm
{
    public static Dictionary<string, string> Parse(ReadOnlySpan<byte> body)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(at < 0 ? pair : pair[..at]);
            // The first value wins: Slack sends each field once, and a repeated one is not Slack.
            fields.TryAdd(name, at < 0 ? "" : Decode(pair[(at + 1)..]));
        }
        return fields;
    }

    static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
