namespace HitBot.Core.Messaging;

/// <summary>A product message filled with sample data, exported by <c>export-cards</c> for review and format checks.</summary>
public sealed record CardSample(string Name, Message Message);

/// <summary>A feature's sample messages: every card the feature can send appears here once.</summary>
public interface ICardSamples
{
    IEnumerable<CardSample> Samples();
}

/// <summary>A platform's rendering of a message as the JSON it would send (<c>.teams.json</c>, <c>.slack.json</c>).</summary>
public interface ICardFormat
{
    string FileSuffix { get; }
    System.Text.Json.Nodes.JsonNode Render(Message message);
}
