using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>An update as a site champion reads it: the text, and how many people at their site it was sent to. No report, no names.</summary>
public sealed record SiteUpdate(string Id, string Title, string Body, string? ImageUrl, List<UpdateLink> Links, DateTime? SentAt, int SentToSite);

/// <summary>The updates that were sent to people of one site (test sends, recalled ones and cancelled deliveries aside), newest first: a site champion's read-only list.</summary>
public sealed class SiteUpdates(UpdateStore updates, OutboxStore outbox, PeopleDirectory directory)
{
    public List<SiteUpdate> SentTo(string site)
    {
        var atSite = directory.AtSite(site).Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        return [.. updates.All().Where(u => u.Status == UpdateStatus.Sent && u.RecalledAt is null)
            // A delivery cancelled before it went did not reach its person (see UpdateSender.WasSentTo).
            .Select(u => (Update: u, Count: outbox.ForCampaign(u.Campaign).Where(d => d.PersonId is { } id && atSite.Contains(id) && d.State != DeliveryState.Cancelled)
                .Select(d => d.PersonId).Distinct(StringComparer.Ordinal).Count()))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Update.SentAt)
            .Select(x => new SiteUpdate(x.Update.Id, x.Update.Title, x.Update.Body, x.Update.ImageUrl, x.Update.Links, x.Update.SentAt, x.Count))];
    }
}
