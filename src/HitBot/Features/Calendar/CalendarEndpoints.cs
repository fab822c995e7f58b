using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.Calendar;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Calendar;

/// <summary>The program calendar: breaks, testing windows and holidays (one by one or from a CSV), and what they held back.</summary>
public static class CalendarEndpoints
{
    public static RouteGroupBuilder MapCalendarEndpoints(this RouteGroupBuilder admin)
    {
        var calendar = admin.MapGroup("/calendar");
        calendar.MapGet("", List);
        calendar.MapPost("", Add);
        calendar.MapPost("/import", Import);
        calendar.MapGet("/held", (HeldSendStore held) => TypedResults.Ok(held.Latest().Select(HeldView.Of).ToList()));
        calendar.MapDelete("/{id}", Delete);
        return admin;
    }

    static Ok<CalendarView> List(ProgramCalendar calendar, ProgramClock clock)
    {
        var today = clock.Today();
        var days = calendar.Days();
        return TypedResults.Ok(new CalendarView(clock.Zone.Id, today, days.PauseOn(today) is { } pause ? CalendarEntryView.Of(pause) : null,
            days.NextWorkingDay(today), [.. calendar.All().Select(CalendarEntryView.Of)]));
    }

    /// <summary>201 for a new pause; 200 when it replaced the one with the same name and first day.</summary>
    static Results<Created<CalendarEntryView>, Ok<CalendarEntryView>, ValidationProblem, ProblemHttpResult> Add(CalendarEntryInput input, ProgramCalendar calendar)
    {
        var (entry, problems, replaced) = calendar.Add(input);
        if (entry is null) return InvalidInput.Fields("Nothing was added: fix the fields listed in 'errors'.", problems);
        return replaced ? TypedResults.Ok(CalendarEntryView.Of(entry)) : TypedResults.Created($"/api/admin/calendar/{entry.Id}", CalendarEntryView.Of(entry));
    }

    static async Task<Results<Ok<CalendarImportResult>, ValidationProblem, ProblemHttpResult>> Import(HttpRequest request, CalendarImport import, CancellationToken ct)
    {
        // Bytes, not a UTF-8 reader: a district's export may be Windows-1252 (Excel's plain "CSV"), see CsvText.
        if (await CsvUpload.ReadAsync(request, ct) is not { } bytes) return CsvUpload.TooLarge("calendar", CalendarImport.MaxRows);
        var csv = Core.CsvText.Decode(bytes);
        var result = import.Import(new StringReader(csv));
        return result.Imported
            ? TypedResults.Ok(result)
            : InvalidInput.Lines("Nothing was changed: fix the lines listed in 'errors'.", result.Errors.Select(e => (e.Line, e.Message)));
    }

    /// <summary>What the pause held stays held (a skipped week is not sent late); from now on its days are ordinary days.</summary>
    static Results<NoContent, ProblemHttpResult> Delete(string id, ProgramCalendar calendar) =>
        calendar.Delete(id)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: $"There is no calendar entry '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

/// <summary>A pause as the admin API shows it: kind is break, testing or holiday; days are dates in the program's time zone.</summary>
public sealed record CalendarEntryView(string Id, string Name, string Kind, DateOnly First, DateOnly Last)
{
    public static CalendarEntryView Of(CalendarEntry e) => new(e.Id, e.Name, CalendarEntry.KindName(e.Kind), e.First, e.Last);
}

/// <summary>The calendar: the program's zone and today, the pause today is in (or null), the next working day, every entry.</summary>
public sealed record CalendarView(string TimeZone, DateOnly Today, CalendarEntryView? PausedToday, DateOnly NextWorkingDay, List<CalendarEntryView> Entries);

/// <summary>One held message: kind is update, survey-run, survey-reminders or action-reminder; subjectId the update, run or item.</summary>
public sealed record HeldView(string Kind, string SubjectId, string Title, DateTime DueAt, bool Skipped, DateTime? GoesAt, string PauseId, string PauseName)
{
    public static HeldView Of(HeldSend h) => new(h.Kind switch
    {
        HeldKind.Update => "update",
        HeldKind.SurveyRun => "survey-run",
        HeldKind.SurveyReminders => "survey-reminders",
        _ => "action-reminder",
    }, h.SubjectId, h.Title, h.DueAt, h.Skipped, h.GoesAt, h.PauseId, h.PauseName);
}
