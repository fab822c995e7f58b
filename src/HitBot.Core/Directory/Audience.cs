namespace HitBot.Core.Directory;

/// <summary>
/// Who an update, a survey run or an appreciation is for. <see cref="People"/> (person ids) is an explicit list; otherwise everyone who matches every
/// filter that is given (any of the roles, and any of the sites, and any of the partners, and any of the languages, and — with
/// <see cref="InterestedIn"/> — people whose latest retention pulse ticked any of those interests, e.g. "coaching").
/// </summary>
public sealed record Audience
{
    // JSON can say null for a list ({"roles": null}): the same as leaving it out, not a 500 in every reader of an audience.
    // A null in a list is refused by AudienceResolver.Problems.
    public List<string> Roles { get; init => field = Names(value); } = [];
    public List<string> Sites { get; init => field = Names(value); } = [];
    public List<string> Partners { get; init => field = Names(value); } = [];
    public List<string> People { get; init => field = Names(value); } = [];
    /// <summary>"coaching", "more-hours", "other-subjects": what the person asked for in their latest named retention pulse.</summary>
    public List<string> InterestedIn { get; init => field = Names(value); } = [];
    /// <summary>Language tags or names ("es", "Spanish"): people whose directory language is one of them or a variant of one ("es" takes es-MX).</summary>
    public List<string> Languages { get; init => field = Names(value); } = [];

    static List<string> Names(List<string>? values) => values ?? [];

    public bool IsEmpty => Roles.Count == 0 && Sites.Count == 0 && Partners.Count == 0 && People.Count == 0 && InterestedIn.Count == 0
                           && Languages.Count == 0;

    /// <summary>The audience as one string, the same for equal audiences: the key of answers kept per audience.</summary>
    /// <remarks>Languages join only when given, so an audience without them keeps the key it had before they existed.</remarks>
    public string Key() => string.Join('\u001f', (Languages.Count == 0 ? new[] { People, Roles, Sites, Partners, InterestedIn }
        : [People, Roles, Sites, Partners, InterestedIn, Languages]).Select(values => string.Join('\u001e', values)));
}
