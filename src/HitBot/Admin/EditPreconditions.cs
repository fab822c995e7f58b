using System.Globalization;
using HitBot.Core;
using HitBot.Core.Directory;
using Microsoft.Net.Http.Headers;

namespace HitBot.Admin;

/// <summary>
/// A save that names what its page read (<c>If-Match</c>, the <c>ETag</c> of the read) is refused when someone changed it
/// since: these read the header and say who changed it and when, for the 409.
/// </summary>
public static class EditPreconditions
{
    /// <summary>The tags an <c>If-Match</c> names, unquoted ("*" for any); empty without the header.</summary>
    public static List<string> IfMatch(HttpRequest request) => [.. request.GetTypedHeaders().IfMatch
        .Select(tag => tag.Equals(EntityTagHeaderValue.Any) ? "*" : tag.Tag.ToString().Trim('"'))];

    /// <summary>Who (by name; the shared admin token has none) and when, in program time, for a 409 that says someone changed it first.</summary>
    public static (string Who, string When) ChangedBy(string? personId, DateTime? at, DirectoryStore directory, ProgramClock clock) => (
        personId is { } person ? directory.Find(person)?.Name ?? "Someone" : "Someone signed in with the admin token",
        at is { } instant
            ? " at " + TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instant, DateTimeKind.Utc), clock.Zone)
                .ToString("HH:mm 'on' ddd d MMM", CultureInfo.InvariantCulture) + " (program time)"
            : "");
}
