using System.Globalization;
using HitBot.Core.Directory;

namespace HitBot.Core.Updates;

/// <summary>
/// A series as the central team writes it. <c>rhythm</c> is <c>weekly</c> or <c>every-other-week</c>; <c>day</c> and
/// <c>time</c> (HH:mm) are the slot in the program's time zone; <c>startsOn</c> (yyyy-MM-dd, default today) is the day
/// from which the first slot is counted. In a change, fields left out stay as they were.
/// </summary>
public sealed record SeriesRequest(string? Name, string? Rhythm, string? Day, string? Time, Audience? Audience, string? StartsOn)
{
    /// <summary>false stops the series (no slot sends anything), true starts it again; left out, it stays as it is.</summary>
    public bool? Active { get; init; }
}

public sealed record SeriesIssue(string Id, string Title, DateTime? SentAt);

/// <summary>A series with its next slot and its issues: what the admin API answers.</summary>
public sealed record SeriesView(
    string Id, string Name, string Rhythm, DayOfWeek Day, string Time, Audience Audience, DateOnly StartsOn, DateTime? NextAt,
    List<SeriesIssue> Queued, List<SeriesIssue> Sent, bool Active, DateTime? StoppedAt)
{
    /// <summary>The series' <see cref="UpdateSeries.EditTag"/>, sent as the <c>ETag</c> header rather than in the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Tag { get; init; } = "";

    /// <summary>Past slots (UTC, oldest first) that sent no issue, pauses left out: <see cref="UpdateSeries.MissedSlots"/>.</summary>
    public List<DateTime> MissedSlots { get; init; } = [];
}

/// <summary>What a create or change came to: the saved series, or what to fix (nothing saved). Neither: no such series.</summary>
public sealed record SeriesChange(SeriesView? Series, List<string> Problems)
{
    /// <summary>The series as it is, when the save named an older <see cref="UpdateSeries.EditTag"/>: nothing was saved.</summary>
    public UpdateSeries? ChangedSince { get; init; }

    /// <summary><see cref="ChangedSince"/> as the admin API shows it, with its tag: the 409 hands it back to the form.</summary>
    public SeriesView? Current { get; init; }
}

/// <summary>Creates and changes newsletter series, and wakes the scheduler so a new slot is watched at once.</summary>
public sealed class SeriesEdits(SeriesStore store, UpdateScheduleSignal signal, ProgramClock clock, TimeProvider time)
{
    public const string WeeklyName = "weekly", EveryOtherWeekName = "every-other-week";

    public List<SeriesView> All() => [.. store.All().Select(View)];

    public SeriesView? Find(string id) => store.Find(id) is { } series ? View(series) : null;

    /// <param name="pressId">The series' id when the press names one (its Idempotency-Key): the same press again answers that series.</param>
    public SeriesChange Create(SeriesRequest request, string? by = null, string? pressId = null)
    {
        if (pressId is not null && store.Find(pressId) is { } started) return new(View(started), []);
        var problems = new List<string>();
        if (request.Rhythm is null) problems.Add($"rhythm: '{WeeklyName}' or '{EveryOtherWeekName}'.");
        if (request.Day is null) problems.Add("day: the slot's day of the week, such as Monday.");
        if (request.Time is null) problems.Add("time: the slot's time, such as 08:00.");
        if (request.Name is null) problems.Add("name: give the series a name.");
        if (request.Audience is null) problems.Add("audience: choose roles, sites, partners, interests or people.");
        var id = pressId ?? Guid.NewGuid().ToString("N")[..12];
        var now = time.GetUtcNow().UtcDateTime;
        var blank = new UpdateSeries { Id = id, StartsOn = clock.Today(), CreatedAt = now, ChangedBy = by, ChangedAt = now };
        var (series, more) = Apply(blank, request, clock.Today(), now);
        problems.AddRange(more);
        return problems.Count > 0 || series is null ? new(null, problems) : Saved(series);
    }

    /// <summary>
    /// Applies the request to the series as it is when saved, in one transaction: the runner's own fields (the issue
    /// being sent, the notice given) written since the edit's page was read are kept, and the runner keeps the edit.
    /// </summary>
    /// <param name="by">The person saving (null for the shared admin token), named to whoever's save comes next from an older page.</param>
    /// <param name="ifMatch">
    /// The <see cref="UpdateSeries.EditTag"/>s the caller read the series at (<c>If-Match</c>; "*" for any). When someone
    /// changed what the form saves since, nothing is saved (<see cref="SeriesChange.ChangedSince"/>); the same save sent
    /// again (a phone retrying) finds its change already made and is answered as done.
    /// </param>
    public SeriesChange Change(string id, SeriesRequest request, string? by = null, IReadOnlyCollection<string>? ifMatch = null)
    {
        List<string> problems = [];
        UpdateSeries? applied = null, changedSince = null;
        var now = time.GetUtcNow().UtcDateTime;
        var saved = store.Change(id, current =>
        {
            changedSince = null;
            (applied, problems) = Apply(current, request, clock.Today(), now);
            if (problems.Count > 0 || applied is null) return current;
            if (ifMatch is { Count: > 0 } && !ifMatch.Contains("*") && !ifMatch.Contains(current.EditTag()))
            {
                if (applied.EditTag() != current.EditTag()) changedSince = current;
                return current;
            }
            return Scheduled(applied with { ChangedBy = by, ChangedAt = now });
        });
        if (changedSince is not null) return new(null, []) { ChangedSince = changedSince, Current = View(changedSince) };
        if (saved is null || problems.Count > 0 || applied is null) return new(null, problems);
        signal.Notify();
        return new(View(saved), []);
    }

    SeriesChange Saved(UpdateSeries series)
    {
        var saved = Scheduled(series);
        store.Save(saved);
        signal.Notify();
        return new(View(saved), []);
    }

    /// <summary>
    /// The series with its next slot worked out from now, never in the week (Monday to Sunday, program time) of the issue
    /// it sent last: a slot moved from Monday 08:00 to 15:00, or to Thursday, after Monday's issue went sent the next
    /// issue the same week, so tutors had two newsletters of a weekly series in one week. A notice already given for that
    /// very slot stands.
    /// </summary>
    UpdateSeries Scheduled(UpdateSeries series)
    {
        if (series.StoppedAt is not null) return series with { NextAt = null, WarnedFor = null };
        var next = series.NextAfter(time.GetUtcNow().UtcDateTime, clock.Zone);
        if (store.Sent(series.Id).LastOrDefault()?.SentAt is { } lastSent)
            while (WeekOf(next) == WeekOf(lastSent)) next = series.NextAfter(next, clock.Zone);
        return series with { NextAt = next, WarnedFor = series.WarnedFor == next ? next : null };
    }

    /// <summary>The Monday of the program-time week <paramref name="utc"/> falls in.</summary>
    DateOnly WeekOf(DateTime utc) =>
        ProgramClock.MondayOf(DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), clock.Zone)));

    /// <summary>
    /// A rhythm in any case, spacing or hyphens, as a day, a role, a phase or a status is ("Weekly" typed as the page shows it
    /// was a 400). "Bi-weekly" is every other week: 001 asks for "a weekly or bi-weekly newsletter", and the phase card tells
    /// the central team to "send a weekly or bi-weekly update"; a coordinator who wrote it so was refused.
    /// </summary>
    static SeriesRhythm? RhythmOf(string text) => new string([.. text.Where(char.IsLetterOrDigit)]).ToLowerInvariant() switch
    {
        "weekly" or "everyweek" => SeriesRhythm.Weekly,
        "everyotherweek" or "biweekly" or "every2weeks" or "everytwoweeks" => SeriesRhythm.EveryOtherWeek,
        _ => null,
    };

    static (UpdateSeries? Series, List<string> Problems) Apply(UpdateSeries current, SeriesRequest request, DateOnly today, DateTime now)
    {
        var problems = new List<string>();
        var series = current;
        if (request.Name is { } name)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > UpdateSeries.MaxName)
                problems.Add($"name: 1 to {UpdateSeries.MaxName} characters.");
            else if (MarkdownText.LineBreakProblem("name", name.Trim()) is { } broken) problems.Add(broken);
            else series = series with { Name = name.Trim() };
        }
        if (request.Rhythm is { } rhythm)
        {
            if (RhythmOf(rhythm) is { } parsed) series = series with { Rhythm = parsed };
            else problems.Add($"rhythm: '{rhythm}' is neither '{WeeklyName}' nor '{EveryOtherWeekName}' (also written 'bi-weekly').");
        }
        if (request.Day is { } dayText)
        {
            if (!Enum.TryParse<DayOfWeek>(dayText, ignoreCase: true, out var day) || int.TryParse(dayText, out _))
                problems.Add($"day: '{dayText}' is not a day of the week such as Monday.");
            else series = series with { Slot = series.Slot with { Day = day } };
        }
        if (request.Time is { } timeText)
        {
            if (!TimeOnly.TryParseExact(timeText, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
                problems.Add($"time: '{timeText}' is not a time such as 08:00.");
            else series = series with { Slot = series.Slot with { Time = at } };
        }
        if (request.StartsOn is { } startText)
        {
            if (!DateOnly.TryParseExact(startText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var starts))
                problems.Add($"startsOn: '{startText}' is not a date such as 2026-03-09.");
            else if (!TypedDates.IsNear(starts, today)) problems.Add(TypedDates.Problem("startsOn", starts));
            else series = series with { StartsOn = starts };
        }
        if (request.Active is { } active)
            series = series with { StoppedAt = active ? null : series.StoppedAt ?? now };
        if (request.Audience is { } audience)
        {
            if (audience.IsEmpty) problems.Add("audience: choose roles, sites, partners, interests or people.");
            var audienceProblems = AudienceResolver.Problems(audience).ToList();
            problems.AddRange(audienceProblems);
            // An audience with a problem is not kept (a null in a list could not be read).
            if (audienceProblems.Count == 0)
                series = series with
                {
                    Audience = audience with { Roles = [.. audience.Roles.Select(r => Roles.Parse(r) ?? r)], InterestedIn = [.. audience.InterestedIn.Select(Slug.Of)] },
                };
        }
        return problems.Count > 0 ? (null, problems) : (series, []);
    }

    SeriesView View(UpdateSeries s) => new(
        s.Id, s.Name, s.Rhythm == SeriesRhythm.Weekly ? WeeklyName : EveryOtherWeekName, s.Slot.Day,
        s.Slot.Time.ToString("HH:mm", CultureInfo.InvariantCulture), s.Audience, s.StartsOn, s.NextAt,
        [.. store.Queued(s.Id).Select(u => new SeriesIssue(u.Id, u.Title, null))],
        [.. store.Sent(s.Id).Select(u => new SeriesIssue(u.Id, u.Title, u.SentAt))], s.StoppedAt is null, s.StoppedAt)
    {
        Tag = s.EditTag(), MissedSlots = s.MissedSlots ?? [],
    };
}
