using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Updates;

/// <summary>
/// An update's delivery report as CSV, one row per person: who, which chat, the state, the failure class (a fixed set,
/// see <see cref="FailureClasses"/>) when it was sent (or queued), and what a correction or a recall did to that message. Written through <see cref="SafeCsv"/> like every export.
/// </summary>
public static class DeliveryReportCsv
{
    /// <param name="edits">The newest correction's edits; the <c>edit</c> column shows each message's (sent, queued, failed…).</param>
    /// <param name="recalls">A recall's deletions, shown the same way in the <c>recall</c> column.</param>
    /// <param name="zone">The program's: the <c>time</c> column is in it, as the dashboard shows times.</param>
    /// <param name="update">The update the rows are of: for a weekly one, the <c>week</c> column names the week (<see cref="Update.SentWeeks"/>) of each row.</param>
    public static void Write(IEnumerable<Delivery> deliveries, PeopleDirectory directory, TimeZoneInfo zone, TextWriter output,
        IEnumerable<Delivery>? edits = null, IEnumerable<Delivery>? recalls = null, Update? update = null)
    {
        var editOf = StatesByOriginal(edits);
        var recallOf = StatesByOriginal(recalls);
        using var csv = SafeCsv.Writer(output);
        // New columns go last, so a script reading the first seven by position keeps working.
        // A weekly update has a row per person and week: "week" tells them apart, so a week's rows add up to its audience.
        foreach (var column in new[] { "name", "email", "chat", "state", "failure_class", "reason", "time", "edit", "recall", "week" }) csv.WriteField(column);
        csv.NextRecord();
        foreach (var row in deliveries.OrderBy(d => d.CreatedAt).ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            var person = row.PersonId is { } id ? directory.Find(id) : null;
            csv.WriteField(person?.Name ?? "");
            csv.WriteField(person?.Email ?? "");
            csv.WriteField(row.Address.Channel.ToString().ToLowerInvariant());
            csv.WriteField(row.State.ToString().ToLowerInvariant());
            csv.WriteField(row.State == DeliveryState.Sent ? "" : row.FailureClass ?? "");
            csv.WriteField(row.State == DeliveryState.Sent ? "" : row.LastError ?? "");
            csv.WriteField(CsvTimes.Local(row.SentAt ?? row.CreatedAt, zone));
            csv.WriteField(editOf.GetValueOrDefault(row.Id, ""));
            csv.WriteField(recallOf.GetValueOrDefault(row.Id, ""));
            csv.WriteField(WeekOf(row, update));
            csv.NextRecord();
        }
    }

    /// <summary>The week (its slot's day, in the program's zone) of a weekly copy, keyed campaign:week:person; "" for a one-off.</summary>
    static string WeekOf(Delivery row, Update? update) =>
        update?.SentWeeks.FirstOrDefault(week => row.Id.StartsWith($"{update.Campaign}:{week}:", StringComparison.Ordinal)) ?? "";

    static Dictionary<string, string> StatesByOriginal(IEnumerable<Delivery>? followUps) =>
        (followUps ?? []).Where(f => f.FollowsDeliveryId is not null)
            .ToDictionary(f => f.FollowsDeliveryId ?? "", f => f.State.ToString().ToLowerInvariant(), StringComparer.Ordinal);
}
