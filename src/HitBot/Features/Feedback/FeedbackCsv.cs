using HitBot.Core;

namespace HitBot.Features.Feedback;

/// <summary>
/// The feedback inbox as a spreadsheet, one row per item, newest first: what tutors asked and told the central team in a
/// term is what a coordinator reports to the district, and copying it from the dashboard an item at a time was the only
/// way. Made from <see cref="FeedbackView"/>, so an anonymous item's writer columns are empty exactly as the inbox shows
/// them. Times are in the program's time zone, as the dashboard shows them.
/// </summary>
static class FeedbackCsv
{
    public static void Write(IEnumerable<FeedbackView> items, ProgramClock clock, TextWriter output)
    {
        using var csv = SafeCsv.Writer(output);
        foreach (var column in new[] { "number", "received_at", "status", "anonymous", "name", "email", "site", "partner", "about_update", "text", "replies" })
            csv.WriteField(column);
        csv.NextRecord();
        string Local(DateTime utc) => CsvTimes.Local(utc, clock.Zone);
        foreach (var item in items)
        {
            csv.WriteField(item.Number);
            csv.WriteField(Local(item.CreatedAt));
            csv.WriteField(item.Status);
            csv.WriteField(item.Anonymous ? "yes" : "no");
            csv.WriteField(item.From?.Name ?? "");
            csv.WriteField(item.From?.Email ?? "");
            csv.WriteField(item.From?.SiteName ?? "");
            csv.WriteField(item.From?.PartnerName ?? "");
            csv.WriteField(item.UpdateTitle ?? "");
            // A removed item's cell says who removed the words and why, as the Feedback page does.
            csv.WriteField(item.WordsRemoved is { } removed
                ? $"{item.Text} Removed by {removed.By ?? "the central team"}{(removed.Note is { } note ? ": " + note : ".")}"
                : item.Text);
            // Each reply on a line of its own inside the cell: when, who, what.
            csv.WriteField(string.Join('\n', item.Replies.Select(r => $"{Local(r.At)} {r.By ?? "central team"}: {r.Text}")));
            csv.NextRecord();
        }
    }
}
