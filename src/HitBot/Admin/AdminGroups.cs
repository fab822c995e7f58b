namespace HitBot.Admin;

/// <summary>
/// The groups a feature maps its admin routes on: <see cref="CentralTeam"/> by default, or <see cref="Api"/> (no policy)
/// for a feature that opens a group of its own to partner leads or site champions. Every route ends up behind exactly
/// one of the three policies (a test checks).
/// </summary>
public sealed record AdminGroups(RouteGroupBuilder Api, RouteGroupBuilder CentralTeam);
