using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Teams;

/// <summary>Exports a message as the activity HitBot would post to Teams (<c>export-cards</c>).</summary>
public sealed class TeamsCardFormat : ICardFormat
{
    public string FileSuffix => "teams";

    public JsonNode Render(Message message) => AdaptiveCardRenderer.Activity(message);
}
