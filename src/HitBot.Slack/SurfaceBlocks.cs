using System.Globalization;
using System.Text.Json.Nodes;

namespace HitBot.Slack;

/// <summary>The blocks of one Slack surface as they are built: hands out action ids and keeps the surface under its block limit.</summary>
sealed class SurfaceBlocks(int maxBlocks)
{
    internal const string CutNote = "…open HitBot's dashboard for the rest";
    readonly List<JsonObject> blocks = [];
    readonly HashSet<string> actionIds = new(StringComparer.Ordinal);

    public int Count => blocks.Count;

    public void Add(JsonObject block) => blocks.Add(block);

    /// <summary>
    /// The verb itself the first time, then <c>verb#2</c>, <c>verb#3</c>: Slack requires action ids unique within a block,
    /// and unique in the whole surface a handler can tell two buttons with the same verb apart.
    /// </summary>
    public string ActionId(string verb)
    {
        if (verb.Length is 0 or > BlockKitLimits.Id - 4)
            throw new BlockKitLimitException($"The verb '{verb}' cannot be a Slack action_id: it must have 1 to {BlockKitLimits.Id - 4} characters.");
        if (actionIds.Add(verb)) return verb;
        for (var n = 2; ; n++)
        {
            var id = verb + BlockKitRenderer.ActionIdSeparator + n.ToString(CultureInfo.InvariantCulture);
            if (actionIds.Add(id)) return id;
        }
    }

    /// <summary>
    /// All blocks when they fit. Otherwise the first ones, a note that there is more, then the last <paramref name="keepLast"/>
    /// (the buttons, which are how a person acts on the message): Slack refuses the whole send over the limit.
    /// </summary>
    public JsonArray ToJson(int keepLast = 0)
    {
        if (blocks.Count <= maxBlocks) return new JsonArray([.. blocks]);

        keepLast = Math.Min(keepLast, maxBlocks / 2);
        var head = blocks.Take(maxBlocks - 1 - keepLast).ToList();
        var dropped = blocks.Skip(head.Count).SkipLast(keepLast);
        if (dropped.Any(b => (string?)b["type"] == "input"))
            throw new BlockKitLimitException($"This form needs more than {maxBlocks} Slack blocks, so some questions would be lost; split it into smaller forms.");

        var note = new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray(new JsonObject { ["type"] = "mrkdwn", ["text"] = CutNote }),
        };
        return new JsonArray([.. head, note, .. blocks.TakeLast(keepLast)]);
    }
}
