using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>Keeps sends under Teams' limits (protocols.md §3.6): per tenant for the app as a whole, and per conversation.</summary>
public sealed class TeamsPacing(IOptions<TeamsOptions> options) : ChannelPacing(
    a => a.TenantId ?? "", options.Value.TenantSendsPerSecond, options.Value.ConversationSendsPerSecond);
