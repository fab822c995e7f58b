using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Updates;

/// <summary>
/// An update's delivery report as CSV, one row per person: who, which chat, the state, the failure class (a fixed set,
/// see <see cref="FailureClasses"/>) and when it was sent (or queued). Written through <see cref="SafeCsv"/> like every export.
/// </summary>
public static class DeliveryReportCsv
{
    public static void Write(IEnumerable<Delivery> deliveries, DirectoryStore directory, TextWriter output)
    {
        using var csv = SafeCsv.Writer(output);
        foreach (var column in new[] { "name", "email", "chat", "state", "failure_class", "reason", "time" }) csv.WriteField(column);
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
            csv.WriteField((row.SentAt ?? row.CreatedAt).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            csv.NextRecord();
        }
    }
}
