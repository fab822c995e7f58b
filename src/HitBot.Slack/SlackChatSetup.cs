using HitBot.Core.Messaging;

namespace HitBot.Slack;

/// <summary>Slack reaches people whenever its services are registered: only with its signing secret and bot token set.</summary>
public sealed class SlackChatSetup : IChatSetup
{
    public ChannelKind Kind => ChannelKind.Slack;

    public bool ReachesPeople => true;
}
