using Microsoft.Extensions.Options;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>What happens to a budgeted message that does not fit in the person's week.</summary>
public enum BudgetOverflow
{
    /// <summary>It waits for the next free moment in the person's weekday daytime (survey reminders, thank-yous).</summary>
    Defer,
    /// <summary>It is held, never sent alone, and folded into a digest of what was held (updates).</summary>
    Hold,
}

/// <summary>
/// At most <see cref="ProgramOptions.MaxNudgesPerWeek"/> non-urgent messages per person in any 7 of their days, across updates,
/// survey reminders and thank-yous. Decided when messages are queued, so the outbox row says what happened to each
/// (moved later, or held) and nothing over the budget is dropped silently.
/// </summary>
public sealed class MessageBudget(
    OutboxStore outbox, ProgramClock clock, IOptions<ProgramOptions> options, IWorkingDays? workingDays = null, IPersonZones? zones = null)
{
    /// <summary>
    /// A message moved later goes in the person's daytime on a weekday, in their own time zone (the program's when they
    /// have none), not at 3 in the morning or on a Saturday.
    /// </summary>
    public static readonly TimeOnly DaytimeStart = new(9, 0), DaytimeEnd = new(19, 0);

    /// <summary>Rows created this long ago can still be due within the window (a reminder moved a week later).</summary>
    static readonly TimeSpan Lookback = TimeSpan.FromDays(28);

    public int MaxPerWeek => options.Value.MaxNudgesPerWeek;

    /// <summary>The rows marked budgeted, each fitted into its person's week: kept, moved later or held.</summary>
    public List<Delivery> Fit(IEnumerable<Delivery> rows, BudgetOverflow overflow, DateTimeOffset now)
    {
        var planned = rows.Select(r => r with { Budgeted = true }).ToList();
        var windows = WindowsFor(planned.Select(r => r.PersonId), now);
        var working = WorkingDays();
        return [.. planned.Select(row => Fit(row, windows, overflow, now, working))];
    }

    /// <summary>The weeks of these people as the outbox has them now.</summary>
    public Dictionary<string, BudgetWindow> WindowsFor(IEnumerable<string?> people, DateTimeOffset now)
    {
        var ids = people.OfType<string>().ToHashSet(StringComparer.Ordinal);
        var times = ids.Count == 0 ? [] : outbox.BudgetedTimes(ids, (now - Lookback).UtcDateTime);
        return ids.ToDictionary(id => id, id => new BudgetWindow(MaxPerWeek, times.GetValueOrDefault(id) ?? [], () => ZoneOf(id)), StringComparer.Ordinal);
    }

    /// <summary>The first moment from now on with room for one more, moved into the daytime of <paramref name="personId"/>.</summary>
    public DateTime NextFree(BudgetWindow window, DateTimeOffset now, string personId) => NextFree(window, now, WorkingDays(), ZoneOf(personId));

    static DateTime NextFree(BudgetWindow window, DateTimeOffset now, Func<DateOnly, bool> working, TimeZoneInfo zone)
    {
        var at = now.UtcDateTime;
        // Moving into the daytime can land on a moment another planned message already fills, so look again (bounded).
        for (var i = 0; i < 16; i++)
        {
            var daytime = IntoDaytime(window.NextFree(at), working, zone);
            if (window.HasRoomAt(daytime)) return daytime;
            at = daytime.AddHours(1);
        }
        return IntoDaytime(window.NextFree(at), working, zone);
    }

    /// <summary>
    /// For a message this budget moved later, when it goes instead if its moment is no longer a working daytime for the
    /// person (a break was added after it was queued); null when it may go now. Other messages are not the budget's.
    /// </summary>
    public DateTime? PausedUntil(Delivery row, DateTimeOffset now)
    {
        if (row is not { Kind: DeliveryKind.Send, Budgeted: true, HeldUntil: not null, PersonId: { } person }) return null;
        var at = IntoDaytime(now.UtcDateTime, WorkingDays(), ZoneOf(person));
        return at > now.UtcDateTime ? at : null;
    }

    /// <summary>
    /// For a non-urgent message whose time came before the dispatcher started (<paramref name="startedAt"/>: it waited out
    /// a stop of HitBot) and that is found more than <see cref="LateSends.After"/> past it in the person's night: the start
    /// of their next daytime (<see cref="LateSends"/>); null when it may go now. Its time is the one the budget moved it
    /// to, else when it was queued (a claimed row's due time is already cleared). Only a stop counts: a row this process
    /// queued goes however long its turn took, so a busy evening's sends are not split over two days. Work cards for a
    /// reader's post (<see cref="Delivery.ReaderPost"/>: an escalation, a closing run's at-risk list and summary, the
    /// action digest) are not the budget's but wait the same way: they were queued for their reader's morning, and a host
    /// back on Monday night sent a site champion Friday's list of tutors who may leave at 23:00. Replies, reminders of
    /// action items and urgent updates go.
    /// </summary>
    /// <remarks>
    /// A budgeted one found in a pause of the program calendar, or moved to a morning inside one, waits for the first
    /// working day after it (<c>Paused</c>), as one the budget moved into a pause does (<see cref="PausedUntil"/>): the
    /// newsletter queued on the Friday before spring break went to every tutor still waiting for it on the break's Monday.
    /// A work card is not held by a pause (README, the program calendar).
    /// </remarks>
    public (DateTime At, bool Paused)? LateUntil(Delivery row, DateTimeOffset now, DateTimeOffset startedAt)
    {
        if (row is not { Kind: DeliveryKind.Send, PersonId: { } person } || !row.Budgeted && row.ReaderPost is null) return null;
        var since = row.HeldUntil ?? row.CreatedAt;
        if (since >= startedAt.UtcDateTime || now.UtcDateTime - since <= LateSends.After) return null;
        var zone = ZoneOf(person);
        var morning = LateSends.MorningAfter(since, now.UtcDateTime, zone);
        var goes = morning ?? now.UtcDateTime;
        var working = WorkingDays();
        if (row.Budgeted && InPause(goes, zone, working)) return (IntoDaytime(goes, working, zone), true);
        return morning is { } at ? (at, false) : null;
    }

    /// <summary>True when <paramref name="utc"/> falls on a weekday a pause covers in <paramref name="zone"/>.</summary>
    static bool InPause(DateTime utc, TimeZoneInfo zone, Func<DateOnly, bool> working)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));
        return !IsWeekend(day) && !working(day);
    }

    TimeZoneInfo ZoneOf(string personId) => zones?.ZoneOf(personId) ?? clock.Zone;

    /// <summary>Weekdays outside the program calendar's pauses; weekdays alone where no calendar is given (tests of the budget itself).</summary>
    Func<DateOnly, bool> WorkingDays() => workingDays?.Now() ?? (day => !IsWeekend(day));

    Delivery Fit(Delivery row, Dictionary<string, BudgetWindow> windows, BudgetOverflow overflow, DateTimeOffset now, Func<DateOnly, bool> working)
    {
        if (row.PersonId is not { } person || !windows.TryGetValue(person, out var window)) return row;
        if (window.HasRoomAt(row.DueAt))
        {
            window.Add(row.DueAt);
            return row;
        }
        var free = NextFree(window, now, working, ZoneOf(person));
        if (overflow == BudgetOverflow.Hold) return row with { State = DeliveryState.Held, DueAt = Delivery.NotDue, HeldUntil = free };
        window.Add(free);
        return row with { DueAt = free, HeldUntil = free };
    }

    /// <summary><paramref name="utc"/> when it falls in the daytime of a working day in <paramref name="zone"/>, else the next such daytime's start.</summary>
    internal static DateTime IntoDaytime(DateTime utc, Func<DateOnly, bool> working, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        var day = DateOnly.FromDateTime(local);
        if (time >= DaytimeStart && time < DaytimeEnd && working(day)) return utc;
        if (time >= DaytimeEnd) day = day.AddDays(1);
        // Survey reminders never go on weekends, holidays or in a break (README, the program calendar): a week that fills
        // on a Friday evening would otherwise send them on Saturday morning, or on the first day of winter break. A pause
        // is at most 366 days, and pauses may follow one another: the bound only guards against a calendar gone wrong.
        for (var i = 0; i < 2 * 366 && !working(day); i++) day = day.AddDays(1);
        var start = day.ToDateTime(DaytimeStart, DateTimeKind.Unspecified);
        // A zone whose clocks skip 09:00 that day: an hour later exists.
        if (zone.IsInvalidTime(start)) start = start.AddHours(1);
        return TimeZoneInfo.ConvertTimeToUtc(start, zone);
    }

    /// <summary><see cref="IntoDaytime"/> on a weekday, whatever the calendar says: for work messages a break does not hold.</summary>
    internal static DateTime IntoWeekdayDaytime(DateTime utc, TimeZoneInfo zone) => IntoDaytime(utc, day => !IsWeekend(day), zone);

    static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
}
