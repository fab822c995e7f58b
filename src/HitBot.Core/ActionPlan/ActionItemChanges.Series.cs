using System.Globalization;
using HitBot.Core.Calendar;
using HitBot.Core.Storage;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// Repeating items: each occurrence is an item of its own, made when it is the next one to come, so it has its own due date,
/// status, reminders and history. An occurrence still open when the next one's date arrives is marked missed: missing one
/// meeting closes that meeting, it does not leave the series overdue forever.
/// </summary>
public sealed partial class ActionItemChanges
{
    public const int MaxRepeatWeeks = 12;

    /// <summary>
    /// Makes the occurrences that are due to exist by <paramref name="today"/> (program calendar), marks the missed ones, and
    /// hands open future occurrences to the series' owner. Returns the occurrences made. The reminder loop calls this on each look.
    /// A date inside a pause of the program calendar (<paramref name="pauses"/>) gets no meeting: made, it was reminded on the
    /// first morning after a summer break for a meeting already past, and marked missed though nobody was meant to meet.
    /// </summary>
    public int AdvanceSeries(DateOnly today, CalendarDays? pauses = null)
    {
        var made = 0;
        lock (gate)
        {
            // Through indexes (schema 23): the look runs every five minutes, and the plan keeps every item ever closed.
            foreach (var series in store.AdvancingSeries().Where(i => i.IsSeries && !i.Archived && i.Status != ItemStatus.Done && i.OwnerId is not null))
            {
                var occurrences = store.OccurrencesOf(series.Id).OrderBy(o => o.DueDate).ToList();
                var last = occurrences.LastOrDefault()?.DueDate;
                // Until the next one to come exists: the ones whose date passed while HitBot was down are made too (then missed).
                foreach (var date in ItemSeries.Dates(series))
                {
                    if (last is { } newest && newest >= today) break;
                    if (last is { } l && date <= l) continue;
                    // A series starts at its next date: no backlog of past meetings when it is first set up.
                    if (last is null && date < today) continue;
                    if (pauses?.PauseOn(date) is not null) continue;
                    var occurrence = NewOccurrence(series, date);
                    store.Save(occurrence);
                    occurrences.Add(occurrence);
                    last = date;
                    made++;
                }
                for (var i = 0; i < occurrences.Count; i++)
                {
                    var occurrence = occurrences[i];
                    if (!occurrence.IsOpen) continue;
                    if (i + 1 < occurrences.Count && occurrences[i + 1].DueDate <= today) Save(Missed(occurrence));
                    else if (occurrence.DueDate >= today && occurrence.OwnerId != series.OwnerId) HandOver(occurrence, series);
                }
            }
        }
        if (made > 0) signal.Notify();
        return made;
    }

    /// <summary>The central team's repeat settings for an item; validated here so the admin API and tests share the messages.</summary>
    static (ActionItem? Changed, string? Problem, string? Line) WithRepeat(ActionItem item, int? everyWeeks, string? dayText, bool? preRead)
    {
        if (everyWeeks is null && dayText is null && preRead is null) return (item, null, null);
        if (item.IsOccurrence) return (null, "repeatEveryWeeks: an occurrence does not repeat; change its series.", null);
        // The pre-read alone on a one-off item: its reminders carry it. It made the item repeat every two weeks, so its
        // reminders stopped and meetings nobody asked for were made.
        if (everyWeeks is null && dayText is null && item.Repeat is null && preRead is { } only)
            return only == item.PreRead ? (item, null, null) : (item with { PreRead = only }, null, only ? "Reminders carry the survey pre-read" : "No pre-read");
        if (everyWeeks is 0) return item.Repeat is null ? (item, null, null) : (item with { Repeat = null }, null, "Stopped repeating");
        if (everyWeeks is < 0 or > MaxRepeatWeeks) return (null, $"repeatEveryWeeks: 1 to {MaxRepeatWeeks}, or 0 to stop repeating.", null);
        DayOfWeek? day = null;
        if (dayText is not null)
        {
            if (!Enum.TryParse<DayOfWeek>(dayText.Trim(), ignoreCase: true, out var parsed) || int.TryParse(dayText, out _))
                return (null, "repeatOn: a day of the week, e.g. Thursday.", null);
            day = parsed;
        }
        var current = item.Repeat;
        var repeat = new ItemRepeat
        {
            EveryWeeks = everyWeeks ?? current?.EveryWeeks ?? 2,
            Day = day ?? current?.Day ?? item.DueDate?.DayOfWeek ?? DayOfWeek.Thursday,
        };
        var changed = item with { Repeat = repeat, PreRead = preRead ?? item.PreRead };
        var line = repeat != current ? ItemSeries.Describe(repeat) : null;
        if (preRead is { } p && p != item.PreRead) line = (line is null ? "" : line + "; ") + (p ? "reminders carry the survey pre-read" : "no pre-read");
        return (changed, null, line);
    }

    /// <summary>A series' rule or start changed: the coming occurrences nobody has touched are made again from the new rule.</summary>
    void DropComingOccurrences(string seriesId, DateOnly today)
    {
        foreach (var occurrence in store.OccurrencesOf(seriesId).Where(o => o.DueDate >= today && o.Status == ItemStatus.NotStarted && o.History.Count == 1))
            store.Delete(occurrence.Id);
    }

    ActionItem NewOccurrence(ActionItem series, DateOnly date) => new()
    {
        Id = ItemSeries.OccurrenceId(series.Id, date),
        SeriesId = series.Id,
        Order = series.Order,
        Title = series.Title,
        Description = series.Description,
        Phase = series.Phase,
        OwnerId = series.OwnerId,
        DueDate = date,
        Status = ItemStatus.NotStarted,
        RemindDaysBefore = series.RemindDaysBefore ?? [.. ItemSeries.OccurrenceReminderDays],
        PreRead = series.PreRead,
        CreatedAt = Now,
        UpdatedAt = Now,
        StatusChangedAt = Now,
        History = [Note(null, $"{ItemSeries.Describe(series.Repeat!)}: the meeting of {date.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture)}")],
    };

    ActionItem Missed(ActionItem occurrence) => occurrence with
    {
        Status = ItemStatus.Missed,
        StatusChangedAt = Now,
        History = [.. occurrence.History, Note(null, $"Status: {ActionPlanCards.StatusName(occurrence)} → Missed (the next one has come)")],
    };

    ActionItem NewOwner(ActionItem occurrence, string? ownerId) => occurrence with
    {
        OwnerId = ownerId,
        OwnerSince = TodayFor(null),
        RemindedThrough = Now,
        // The series' owner was told of the series: no card per meeting, nor one still owed to the owner before.
        UntoldOwnerSince = null,
        History = [.. occurrence.History, Note(null, $"Owner: {NameOf(occurrence.OwnerId)} → {NameOf(ownerId)} (the series' owner)")],
    };

    /// <summary>
    /// Hands a coming occurrence to its series' owner. The note names both owners, read from the directory: when either has
    /// been erased since that read, the store refuses it and the hand-over is made once more from a fresh read of the
    /// occurrence and its series, which no longer finds them (as <see cref="Change"/> does).
    /// </summary>
    void HandOver(ActionItem occurrence, ActionItem series)
    {
        try
        {
            Handed(occurrence, NewOwner(occurrence, series.OwnerId), [occurrence.OwnerId, series.OwnerId]);
        }
        catch (PersonErasedException)
        {
            // An erased series owner leaves the series unowned: nobody to hand the occurrence to.
            if (store.Find(occurrence.Id) is not { IsOpen: true } fresh || store.Find(series.Id)?.OwnerId is not { } owner) return;
            if (fresh.OwnerId != owner) Handed(fresh, NewOwner(fresh, owner), []);
        }
    }

    /// <summary>
    /// Saved as the central team's change of owner is (<see cref="ChangeOnce"/>): a blocked meeting's escalation naming the
    /// owner before is withdrawn, and so are their reminders still waiting to go.
    /// </summary>
    void Handed(ActionItem before, ActionItem after, string?[] naming)
    {
        var unescalated = Unescalates(before, after);
        store.Save(after with { UpdatedAt = Now, EscalatedFor = unescalated ? null : after.EscalatedFor }, naming);
        if (unescalated) WithdrawEscalations(after.Id);
        WithdrawReminders(before, after);
    }

    void Save(ActionItem item) => store.Save(item with { UpdatedAt = Now });
}
