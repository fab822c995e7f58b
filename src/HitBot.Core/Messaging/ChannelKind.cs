namespace HitBot.Core.Messaging;

/// <summary>The chat platforms HitBot speaks to.</summary>
public enum ChannelKind
{
    Teams,
    Slack,
}
