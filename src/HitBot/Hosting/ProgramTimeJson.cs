using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace HitBot.Hosting;

/// <summary>
/// A date and time the admin API is given (a survey run's <c>opensAt</c>, <c>closesAt</c>) without an offset is read in the
/// program's time zone, as a schedule's <c>at</c> is. System.Text.Json reads it in the server's own zone: on a server kept
/// in UTC, a script's "2026-03-20T17:00" closed the run at noon in Chicago. With an offset, it is that instant; a date without
/// a time is refused.
/// </summary>
public sealed partial class ProgramTimeJson(TimeZoneInfo zone) : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // A bare JsonException gets System.Text.Json's message with the field's path, which the 400 turns into words.
        if (reader.TokenType != JsonTokenType.String) throw new JsonException();
        var text = reader.GetString() ?? "";
        // A day alone is the midnight that starts it: a run meant to close on Friday closed as Thursday ended.
        if (!text.Contains('T', StringComparison.OrdinalIgnoreCase)) throw new JsonException();
        if (HasOffset().IsMatch(text))
            return reader.TryGetDateTimeOffset(out var exact) ? exact : throw new JsonException();
        // A local time the clocks skip does not exist in the program's zone: refused rather than guessed.
        if (!reader.TryGetDateTime(out var local) || zone.IsInvalidTime(local)) throw new JsonException();
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone.GetUtcOffset(local));
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    [GeneratedRegex(@"(Z|[+-]\d{2}:\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex HasOffset();
}
