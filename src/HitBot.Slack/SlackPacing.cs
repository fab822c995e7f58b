using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// Keeps sends under Slack's chat.postMessage limits (protocols.md §7.3): about one message per second into one
/// channel, and a workspace-wide allowance (<see cref="SlackOptions.SendsPerSecond"/>). A 429 that still comes is
/// retried by the dispatcher after Retry-After.
/// </summary>
public sealed class SlackPacing(IOptions<SlackOptions> options) : ChannelPacing(
    a => a.TeamId ?? "", options.Value.SendsPerSecond, ChannelSendsPerSecond)
{
    const int ChannelSendsPerSecond = 1;
}
