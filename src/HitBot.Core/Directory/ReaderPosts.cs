namespace HitBot.Core.Directory;

/// <summary>
/// The post a staff card is sent to its reader for (<see cref="Messaging.Outbox.Delivery.ReaderPost"/>): a role, and for a site
/// champion or partner lead their site or partner (<c>site-champion@lincoln</c>). A card that waited for the reader's morning
/// goes only to someone who still holds it: a champion moved to another school over the weekend does not read the old
/// school's tutors by name.
/// </summary>
public static class ReaderPosts
{
    public static string Of(string role, string? place = null) => place is { Length: > 0 } ? $"{role}@{place}" : role;

    /// <summary>
    /// Why <paramref name="person"/> no longer holds <paramref name="post"/>, or null while they do. The central team reads
    /// every site's and partner's lists on the dashboard, so a reader who joined it still gets the card.
    /// </summary>
    public static string? Lost(Person person, string post, Func<string, string?> siteName, Func<string, string?> partnerName)
    {
        var at = post.IndexOf('@', StringComparison.Ordinal);
        var (role, place) = at < 0 ? (post, null) : (post[..at], post[(at + 1)..]);
        if (person.HasRole(Roles.CentralTeam)) return null;
        var holds = person.HasRole(role) && (place is null
            || role == Roles.SiteChampion && person.Site == place
            || role == Roles.PartnerLead && person.Partner == place);
        if (holds) return null;
        var what = role switch
        {
            Roles.SiteChampion when place is not null => $"the site champion of {siteName(place) ?? place}",
            Roles.PartnerLead when place is not null => $"the partner lead of {partnerName(place) ?? place}",
            Roles.CentralTeam => "on the central team",
            Roles.ExecutiveChampion => "an executive champion",
            _ => $"{Roles.Title(role)} ({role})",
        };
        return $"Not sent: they are no longer {what}, the post it was for";
    }
}
