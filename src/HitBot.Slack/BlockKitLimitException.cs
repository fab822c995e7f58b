namespace HitBot.Slack;

/// <summary>A card that cannot be sent to Slack without losing data (a button value, option value or id over its limit): a bug in the card, not a retryable failure.</summary>
public sealed class BlockKitLimitException : Exception
{
    public BlockKitLimitException() { }

    public BlockKitLimitException(string message) : base(message) { }

    public BlockKitLimitException(string message, Exception innerException) : base(message, innerException) { }
}
