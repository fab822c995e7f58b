using System.Globalization;
using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>What a series says to the central team.</summary>
public static class SeriesCards
{
    /// <summary>The day before a slot with no issue queued: nothing will go out unless someone queues one.</summary>
    public static Message NothingQueued(UpdateSeries series, DateTime slotUtc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(slotUtc, zone);
        // Named: a coordinator in another zone read the program's 08:00 as their own and thought there was time left to queue one.
        var when = local.ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture) + " " + ZoneLabel.Of(zone);
        var title = $"Nothing queued for \"{series.Name}\"";
        return new Message(title, new Card(title,
        [
            new TextBlock($"The next slot of **{series.Name}** is {when}, and no issue is queued for it, so nothing will be sent."),
            new TextBlock("To send one, write a draft and add it to the series on the dashboard's **Newsletters** page (or PATCH /api/admin/updates/{id} with \"seriesId\").", Subtle: true),
        ], []));
    }
}
