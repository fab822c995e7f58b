using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack;

/// <summary>Exports a message as the <c>{text, blocks}</c> body HitBot would post to Slack (<c>export-cards</c>).</summary>
public sealed class SlackCardFormat : ICardFormat
{
    public const string Suffix = "slack";

    public string FileSuffix => Suffix;

    public JsonNode Render(Message message) => BlockKitRenderer.Message(message);
}
