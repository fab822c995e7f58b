namespace HitBot.Core.Directory;

/// <summary>
/// How many people an audience names at each site and each partner (slugs), counted while it is resolved: everyone it
/// names, inactive, opted-out and unreachable people too, as a survey run's audience counts them for the rule of five.
/// </summary>
public sealed class AudienceGroups
{
    public Dictionary<string, int> Sites { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Partners { get; } = new(StringComparer.Ordinal);

    public void Add(Person person)
    {
        if (person.Site is { } site) Sites[site] = Sites.GetValueOrDefault(site) + 1;
        if (person.Partner is { } partner) Partners[partner] = Partners.GetValueOrDefault(partner) + 1;
    }
}
