using HitBot.Core.Directory;
using System.Globalization;
using Cronos;

namespace HitBot.Core.Updates;

public enum SeriesRhythm
{
    Weekly,
    EveryOtherWeek,
}

/// <summary>
/// A newsletter series: a slot (day and time in the program's zone) every week or every other week, and an audience.
/// Drafts are queued in it ahead of time (<see cref="Update.SeriesId"/>); each slot sends the next one, once.
/// </summary>
public sealed record UpdateSeries
{
    public const int MaxName = 100;

    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public SeriesRhythm Rhythm { get; init; }
    public WeeklySlot Slot { get; init; } = new(DayOfWeek.Monday, new TimeOnly(8, 0));
    public Audience Audience { get; init; } = new();
    /// <summary>The first slot on or after this day (program time) is the series' first; every other week counts from it.</summary>
    public DateOnly StartsOn { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>The next slot still to fire (UTC).</summary>
    public DateTime? NextAt { get; init; }
    /// <summary>The issue chosen for <see cref="NextAt"/> before it was queued, so a slot repeated after a crash sends that one again, not the next.</summary>
    public string? PendingIssue { get; init; }
    /// <summary>The slot whose "nothing queued" notice went to the central team.</summary>
    public DateTime? WarnedFor { get; init; }
    /// <summary>
    /// When the central team stopped the series (null: it runs): no slot fires and no "nothing queued" notice goes until
    /// it is started again; its queued drafts stay in it. Without a stop a series no longer wanted told the central team
    /// every week, for good, that nothing was queued.
    /// </summary>
    public DateTime? StoppedAt { get; init; }
    /// <summary>
    /// Slots (UTC) that went by without an issue, pauses left out: fired with nothing queued, or passed while HitBot was
    /// down. Kept so the dashboard shows them after the chat notices are gone; the latest <see cref="MaxMissedKept"/>,
    /// oldest first. Null when there are none (and then not stored).
    /// </summary>
    public List<DateTime>? MissedSlots { get; init; }

    /// <summary>How many missed slots a series keeps: two years of weeks.</summary>
    public const int MaxMissedKept = 104;

    /// <summary>Who last changed the series (a person's id; null for the shared admin token) and when: the 409 of a stale save names them.</summary>
    public string? ChangedBy { get; init; }
    public DateTime? ChangedAt { get; init; }

    /// <summary>
    /// The series' entity tag (the <c>ETag</c> of <c>GET /api/admin/series/{id}</c>): a hash of what the dashboard's form
    /// saves (name, rhythm, slot, audience, first day). A save naming an older tag (<c>If-Match</c>) is refused, so a page
    /// opened before a colleague moved the slot does not put the old slot back with its own change.
    /// </summary>
    public string EditTag() => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new EditableContent(Name, Rhythm, Slot.Day, Slot.Time, Audience, StartsOn))))[..20];

    sealed record EditableContent(string Name, SeriesRhythm Rhythm, DayOfWeek Day, TimeOnly Time, Audience Audience, DateOnly StartsOn);

    /// <summary>The first slot strictly after <paramref name="afterUtc"/>, on or after <see cref="StartsOn"/>, in the rhythm.</summary>
    public DateTime NextAfter(DateTime afterUtc, TimeZoneInfo zone)
    {
        var cron = CronExpression.Parse(string.Create(CultureInfo.InvariantCulture,
            $"{Slot.Time.Minute} {Slot.Time.Hour} * * {(int)Slot.Day}"));
        var midnight = StartsOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day whose midnight the clocks skip (Chile at the start of summer time) begins an hour later: no exception.
        if (zone.IsInvalidTime(midnight)) midnight = midnight.AddHours(1);
        var start = TimeZoneInfo.ConvertTimeToUtc(midnight, zone).AddTicks(-1);
        var from = DateTime.SpecifyKind(afterUtc > start ? afterUtc : start, DateTimeKind.Utc);
        while (true)
        {
            // Cronos always finds a weekly occurrence within eight days.
            var next = cron.GetNextOccurrence(from, zone) ?? from.AddDays(7);
            if (Rhythm == SeriesRhythm.Weekly || WeeksFromStart(next, zone) % 2 == 0) return next;
            from = next;
        }
    }

    int WeeksFromStart(DateTime utc, TimeZoneInfo zone) =>
        (DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone)).DayNumber - StartsOn.DayNumber) / 7;
}
