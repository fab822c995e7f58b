using System.Globalization;

namespace HitBot.Core;

/// <summary>
/// Times in the CSV downloads (feedback, survey answers, an update's deliveries): in the program's time zone, as the
/// dashboard shows them, written so a spreadsheet reads them as dates.
/// </summary>
public static class CsvTimes
{
    public static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Day(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
