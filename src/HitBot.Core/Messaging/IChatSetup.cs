namespace HitBot.Core.Messaging;

/// <summary>
/// A chat platform's settings as its start-up check needs to know them of the other platform: whether it is set up to reach
/// real people (Teams with an App ID, Slack with its secrets; Teams' emulator reaches nobody's Teams). One per platform.
/// </summary>
public interface IChatSetup
{
    ChannelKind Kind { get; }

    bool ReachesPeople { get; }
}
