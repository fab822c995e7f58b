using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>
/// The sites and partners (slugs) that at least <see cref="SurveyResults.SmallestGroup"/> people of an anonymous run's
/// audience share: an answer keeps its site or partner only when it is one of these (the rule of five). Counted once,
/// from the read of the audience that opens the run, not at every answer: an answer read every person of the answerer's
/// site and partner, 0.3–0.5 s and about 90 MB with an 8,000-person partner, while Teams waited for the card.
/// </summary>
public sealed record KeptGroups
{
    public List<string> Sites { get; init; } = [];
    public List<string> Partners { get; init; } = [];

    public static KeptGroups Of(AudienceGroups counted) => new()
    {
        Sites = Large(counted.Sites),
        Partners = Large(counted.Partners),
    };

    static List<string> Large(Dictionary<string, int> sizes) =>
        [.. sizes.Where(group => group.Value >= SurveyResults.SmallestGroup).Select(group => group.Key).Order(StringComparer.Ordinal)];

    /// <summary>The person's site and partner, each only where it is kept.</summary>
    public (string? Site, string? Partner) For(Person person) =>
        (person.Site is { } site && Sites.Contains(site) ? site : null, person.Partner is { } partner && Partners.Contains(partner) ? partner : null);
}
