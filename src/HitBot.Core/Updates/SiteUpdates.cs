using HitBot.Core.Directory;

namespace HitBot.Core.Updates;

/// <summary>
/// An update as a site champion reads it: the text, and how many people at their site it was sent to (in their chat or on its
/// way; not a copy HitBot gave up on). No report, no names.
/// </summary>
public sealed record SiteUpdate(string Id, string Title, string Body, string? ImageUrl, List<UpdateLink> Links, DateTime? SentAt, int SentToSite);

/// <summary>
/// The updates that were sent to people of one site (test sends, recalled ones and cancelled deliveries aside), newest
/// first: a site champion's read-only list. An update addressed to named people is theirs alone ("visible only to the
/// people it was sent to"): the champion sees it only when they were among them. One for named sites is theirs alone.
/// </summary>
/// <remarks>
/// Each update counts the site's people it reached by their delivery keys (<see cref="UpdateSender.WasSentTo"/>), a key
/// look-up per person and update: reading every delivery row of every update took 14–22 s a view with a million rows.
/// The list looks at the newest <see cref="Lookback"/> updates sent, and the weekly ones still scheduled.
/// </remarks>
public sealed class SiteUpdates(UpdateStore updates, UpdateSender sender, PeopleDirectory directory)
{
    public const int Lookback = 100;

    public List<SiteUpdate> SentTo(string site, string championId)
    {
        var atSite = PeopleAt(site);
        return [.. updates.LatestSentAndWeeklyRunning(Lookback).Where(u => u.RecalledAt is null && MayRead(u, site, championId)).Select(u => Of(u, atSite)).OfType<SiteUpdate>()];
    }

    /// <summary>One update, if it reached the site and the champion may read it; null otherwise (or when it was recalled).</summary>
    public SiteUpdate? One(string site, string id, string championId) =>
        updates.Find(id) is { Status: UpdateStatus.Sent, RecalledAt: null } update && MayRead(update, site, championId) ? Of(update, PeopleAt(site)) : null;

    /// <summary>
    /// A group's update (roles, partners) is the site's business; one for named sites, only theirs (a tutor who moved here
    /// since brought another site's update onto this champion's page); one to named people, only theirs.
    /// </summary>
    static bool MayRead(Update update, string site, string championId) =>
        update.Audience.People.Count > 0 ? update.Audience.People.Contains(championId, StringComparer.Ordinal)
        : update.Audience.Sites.Count == 0 || update.Audience.Sites.Any(s => Slug.Of(s) == site);

    List<string> PeopleAt(string site) => [.. directory.AtSite(site).Select(p => p.Id)];

    SiteUpdate? Of(Update update, List<string> atSite)
    {
        // A delivery cancelled before it went did not reach its person (WasSentTo leaves it out); one HitBot gave up on is
        // listed, as its person was sent it, but not counted as sent: the update's own page says "not delivered" of it.
        var sentTo = atSite.Where(person => sender.WasSentTo(update, person)).ToList();
        return sentTo.Count == 0 ? null
            : new SiteUpdate(update.Id, update.Title, update.Body, update.ImageUrl, update.Links, update.SentAt, sentTo.Count(person => sender.GoesTo(update, person)));
    }
}
