using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>What a series says to the central team.</summary>
public static class SeriesCards
{
    /// <summary>The day before a slot with no issue queued: nothing will go out unless someone queues one.</summary>
    public static Message NothingQueued(UpdateSeries series, DateTime slotUtc, TimeZoneInfo zone) =>
        NothingQueued(series, $"The next slot of **{series.Name}** is {When(slotUtc, zone)}, and no issue is queued for it, so nothing will be sent.");

    /// <summary>
    /// A slot that went by while HitBot was down, whose issue was to go late at <paramref name="goesUtc"/> (the morning after a
    /// night), and none is queued now. Named by the slot itself: the morning is not a slot of the series.
    /// </summary>
    public static Message NothingQueuedForLateSlot(UpdateSeries series, DateTime slotUtc, DateTime goesUtc, TimeZoneInfo zone) =>
        NothingQueued(series, $"The slot of **{series.Name}** on {When(slotUtc, zone)} went by while HitBot was not running, and no issue is queued for it, "
            + $"so nothing will be sent. An issue queued before {When(goesUtc, zone)} goes then, late.");

    static Message NothingQueued(UpdateSeries series, string what)
    {
        var title = $"Nothing queued for \"{series.Name}\"";
        return new Message(title, new Card(title,
        [
            new TextBlock(what),
            new TextBlock("To send one, write a draft and add it to the series on the dashboard's **Newsletters** page (or PATCH /api/admin/updates/{id} with \"seriesId\").", Subtle: true),
        ], []));
    }

    // Named with the zone: a coordinator in another zone read the program's 08:00 as their own and thought there was time left to queue one.
    static string When(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(utc, zone).ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture) + " " + ZoneLabel.Of(zone);

    /// <summary>
    /// Weeks that went by with no issue and nobody told: <paramref name="slotsUtc"/> are their slots. When
    /// <paramref name="issueLate"/>, the queued issue goes now, late, for the first slot, and these are the ones after it.
    /// </summary>
    public static Message Missed(UpdateSeries series, IReadOnlyList<DateTime> slotsUtc, bool issueLate, TimeZoneInfo zone)
    {
        var days = string.Join(", ", slotsUtc.Select(s => TimeZoneInfo.ConvertTimeFromUtc(s, zone).ToString("dddd d MMMM", CultureInfo.InvariantCulture)));
        var why = issueLate
            ? "HitBot was not running, or could not send, at those times; after such a gap only the next queued issue goes, late, and these weeks get none"
            : $"nothing was queued for {(slotsUtc.Count == 1 ? "it" : "them")}, and HitBot could not warn you the day before (it was not running then, or the issue was taken out after)";
        // On the lock screen: what went missing and for how long, not only that something did.
        var title = slotsUtc.Count == 1
            ? $"No issue of \"{series.Name}\" went out on {TimeZoneInfo.ConvertTimeFromUtc(slotsUtc[0], zone).ToString("dddd d MMMM", CultureInfo.InvariantCulture)}"
            : $"No issue of \"{series.Name}\" went out for {slotsUtc.Count} slots";
        return new Message(title, new Card(title,
        [
            new TextBlock($"No issue of **{series.Name}** went out for {(slotsUtc.Count == 1 ? "the slot of" : "the slots of")} {days}: {why}."),
            new TextBlock("Tutors got no update for that week. To send one now, use **Send now** on an update on the dashboard's **Updates** page.", Subtle: true),
        ], []));
    }
}
