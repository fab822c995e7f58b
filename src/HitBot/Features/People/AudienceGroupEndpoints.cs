using HitBot.Core.Directory;

namespace HitBot.Features.People;

/// <summary>
/// What the dashboard's audience picker offers: every role of the program and every site and partner a roster has named,
/// read from their own small collections. The picker used to gather them from the first 1,000 people, which left out
/// the sites and partners of everyone after them in a large roster.
/// </summary>
public static class AudienceGroupEndpoints
{
    public static RouteGroupBuilder MapAudienceGroupEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/people/groups", (DirectoryStore store) => TypedResults.Ok(new AudienceGroups(
            [.. Roles.All], [.. store.AllSites().Select(s => s.Name)], [.. store.AllPartners().Select(p => p.Name)],
            Roles.All.ToDictionary(r => r, Roles.Title, StringComparer.Ordinal))
        {
            Languages = [.. store.Languages().Select(tag => new LanguageChoice(tag, LanguageTag.NameOf(tag)))],
        }));
        return admin;
    }
}

/// <summary>
/// Roles as slugs (what an audience's roles take), sites and partners by the names the roster gave them, each role's name
/// as people read it (<see cref="Roles.Title"/>: the roles guide's names), for the picker's labels, and the languages
/// people have (each variant's language too: "es" takes es-MX), with an English name where HitBot knows one.
/// </summary>
public sealed record AudienceGroups(List<string> Roles, List<string> Sites, List<string> Partners, Dictionary<string, string> RoleNames)
{
    public List<LanguageChoice> Languages { get; init; } = [];
}

public sealed record LanguageChoice(string Tag, string? Name);
