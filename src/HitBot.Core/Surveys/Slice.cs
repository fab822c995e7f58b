using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>
/// The group whose results someone outside the central team reads: a site (its site champion's) or a partner (its partner
/// lead's cohort). Both keep the same rules (k≥5, at-risk lists of named runs only).
/// </summary>
public sealed record Slice(bool IsPartner, string Slug)
{
    public static Slice Site(string site) => new(false, site);

    public static Slice Partner(string partner) => new(true, partner);

    /// <summary>Whether a response (or an at-risk tutor) with these slugs belongs to the slice.</summary>
    public bool Holds(string? site, string? partner) => (IsPartner ? partner : site) == Slug;

    /// <summary>The slice's people on the roster, inactive ones included, through the Site or Partner index.</summary>
    public List<Person> People(PeopleDirectory directory) => IsPartner ? directory.OfPartner(Slug) : directory.AtSite(Slug);

    /// <summary>The name as the roster spelled it, or the slug.</summary>
    public string Name(PeopleDirectory directory) => (IsPartner ? directory.PartnerName(Slug) : directory.SiteName(Slug)) ?? Slug;
}
