using HitBot.Core.Messaging;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>Teams reaches people once it has an App ID (emulator mode reaches nobody's own Teams).</summary>
public sealed class TeamsChatSetup(IOptions<TeamsOptions> options) : IChatSetup
{
    public ChannelKind Kind => ChannelKind.Teams;

    public bool ReachesPeople => options.Value.AuthEnabled;
}
