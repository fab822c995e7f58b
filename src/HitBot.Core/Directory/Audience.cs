namespace HitBot.Core.Directory;

/// <summary>
/// Who an update, a survey run or an appreciation is for. <see cref="People"/> (person ids) is an explicit list; otherwise everyone who matches every
/// filter that is given (any of the roles, and any of the sites, and any of the partners, and — with
/// <see cref="InterestedIn"/> — people whose latest retention pulse ticked any of those interests, e.g. "coaching").
/// </summary>
public sealed record Audience
{
    public List<string> Roles { get; init; } = [];
    public List<string> Sites { get; init; } = [];
    public List<string> Partners { get; init; } = [];
    public List<string> People { get; init; } = [];
    /// <summary>"coaching", "more-hours", "other-subjects": what the person asked for in their latest named retention pulse.</summary>
    public List<string> InterestedIn { get; init; } = [];

    public bool IsEmpty => Roles.Count == 0 && Sites.Count == 0 && Partners.Count == 0 && People.Count == 0 && InterestedIn.Count == 0;

    /// <summary>The audience as one string, the same for equal audiences: the key of answers kept per audience.</summary>
    public string Key() => string.Join('\u001f', new[] { People, Roles, Sites, Partners, InterestedIn }.Select(values => string.Join('\u001e', values)));
}
