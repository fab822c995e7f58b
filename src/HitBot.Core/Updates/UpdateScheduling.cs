using System.Globalization;
using System.Text.RegularExpressions;

namespace HitBot.Core.Updates;

/// <summary>
/// A schedule as the central team writes it: <c>at</c> — a time with an offset, or without one in the program's time
/// zone — or <c>weekly</c> — a day and an <c>HH:mm</c> time in the program's time zone.
/// </summary>
public sealed record ScheduleRequest(string? At, WeeklyRequest? Weekly);

public sealed record WeeklyRequest(string? Day, string? Time);

/// <summary>Sets and clears update schedules, and wakes the scheduler.</summary>
public sealed partial class UpdateScheduling(UpdateStore updates, UpdateScheduleSignal signal, ProgramClock clock, TimeProvider time)
{
    /// <summary>The saved update, or the problems with the request (nothing saved). Null update and no problems: no such update.</summary>
    public (Update? Update, List<string> Problems) Set(string updateId, ScheduleRequest request)
    {
        if (updates.Find(updateId) is null) return (null, []);
        var (schedule, problems) = Parse(request);
        if (schedule is null) return (null, problems);
        var next = schedule.NextAfter(time.GetUtcNow().UtcDateTime, clock.Zone);
        if (next is null) return (null, ["at: the time is in the past; give a time still to come."]);
        // Read and saved in one transaction: a send or a scheduled slot that went out since the page was read stays sent.
        var saved = updates.Change(updateId, update => update with { Schedule = schedule, NextAt = next });
        signal.Notify();
        return (saved, []);
    }

    /// <summary>
    /// Stops the schedule. Read and saved in one transaction: when the scheduler is sending the update at that moment, it
    /// stays sent (a save of the draft read before would make it a draft again), and the slot's next one is not put back.
    /// </summary>
    public Update? Clear(string updateId) => updates.Change(updateId, update => update with { Schedule = null, NextAt = null });

    (UpdateSchedule? Schedule, List<string> Problems) Parse(ScheduleRequest request)
    {
        // Each message names its field, so the 400 files it under one (it was filed under "", a field no form has).
        if (request.At is null && request.Weekly is null)
            return (null, ["at: give 'at' (a date and time such as 2026-03-09T08:00) or 'weekly' (a day and a time such as Monday, 08:00)."]);
        if (request.At is not null && request.Weekly is not null)
            return (null, ["weekly: give either 'at' (a date and time) or 'weekly' (a day and a time), not both."]);
        if (request.At is { } text) return ParseAt(text);
        var weekly = request.Weekly!;
        var problems = new List<string>();
        if (!Enum.TryParse<DayOfWeek>(weekly.Day, ignoreCase: true, out var day) || int.TryParse(weekly.Day, out _))
            problems.Add($"weekly.day: '{weekly.Day}' is not a day of the week such as Monday.");
        if (!TimeOnly.TryParseExact(weekly.Time ?? "", "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            problems.Add($"weekly.time: '{weekly.Time}' is not a time such as 08:00.");
        return problems.Count > 0 ? (null, problems) : (new UpdateSchedule { Weekly = new WeeklySlot(day, at) }, []);
    }

    (UpdateSchedule? Schedule, List<string> Problems) ParseAt(string text)
    {
        var invalid = $"at: '{text}' is not a date and time such as 2026-03-09T08:00.";
        if (HasOffset().IsMatch(text))
            return !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact) ? (null, [invalid])
                : !TypedDates.IsNear(exact, time.GetUtcNow()) ? (null, [TypedDates.Problem("at", exact, clock.Zone)])
                : (new UpdateSchedule { At = exact.UtcDateTime }, []);
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return (null, [invalid]);
        // Read as the midnight that starts the day, a date alone woke every tutor's phone at 00:00.
        if (local.TimeOfDay == TimeSpan.Zero && !text.Contains(':', StringComparison.Ordinal))
            return (null, [$"at: give the time too, such as {local:yyyy-MM-dd}T08:00; a date alone would send it at midnight."]);
        // Before the conversion to UTC, which fails at the ends of the calendar.
        if (!TypedDates.IsNear(DateOnly.FromDateTime(local), clock.Today())) return (null, [TypedDates.Problem("at", DateOnly.FromDateTime(local))]);
        if (clock.Zone.IsInvalidTime(local))
            return (null, [$"at: {text} does not exist in {clock.Zone.Id} (the clocks go forward then); choose another time."]);
        return (new UpdateSchedule { At = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), clock.Zone) }, []);
    }

    [GeneratedRegex(@"(Z|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
