using System.Globalization;
using HitBot.Core;
using HitBot.Core.Directory;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace HitBot.Admin;

/// <summary>
/// A save that names what its page read (<c>If-Match</c>, the <c>ETag</c> of the read) is refused when someone changed it
/// since: these read the header and say who changed it and when, for the 409.
/// </summary>
public static class EditPreconditions
{
    /// <summary>
    /// The tags an <c>If-Match</c> names, unquoted ("*" for any); empty without the header; null when the header is there but
    /// is not a list of quoted tags. Such a header (an ETag copied without its quotes) was read as none, so the save went
    /// through over a change made since: it is refused instead (<see cref="BadIfMatch"/>).
    /// </summary>
    public static List<string>? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0) return [];
        return EntityTagHeaderValue.TryParseStrictList(header, out var tags) && tags.Count > 0
            ? [.. tags.Select(tag => tag.Equals(EntityTagHeaderValue.Any) ? "*" : tag.Tag.ToString().Trim('"'))]
            : null;
    }

    /// <summary>The 400 for an <c>If-Match</c> that <see cref="IfMatch"/> could not read.</summary>
    public static ValidationProblem BadIfMatch() => InvalidInput.Field("If-Match",
        "If-Match: send the ETag exactly as GET answered it, quotes included (If-Match: \"…\"), or leave the header out. Nothing was changed.");

    /// <summary>
    /// The 409 of a save from a page read before someone else's change to the <paramref name="thing"/> ("item", "series"):
    /// who and when in its title, and as <c>changedBy</c> (null for no one by name) and <c>changedAt</c> for a script; the
    /// <paramref name="thing"/> as it is now in <c>current</c> (as GET answers it; the caller sets its <c>ETag</c>), so the
    /// dashboard shows it beside what was typed, which a reload to see theirs threw away.
    /// </summary>
    public static ProblemHttpResult ChangedFirst(string thing, string who, string when, bool named, DateTime? at, object current) => TypedResults.Problem(
        title: $"{who} changed this {thing}{when}, after you opened it, so your change was not saved. " +
            "Reload the page to see it as it is now, then make your change again.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["changedBy"] = named ? who : null, ["changedAt"] = at, ["current"] = current });

    /// <summary>Who (by name; the shared admin token has none) and when, in program time, for a 409 that says someone changed it first.</summary>
    public static (string Who, string When) ChangedBy(string? personId, DateTime? at, DirectoryStore directory, ProgramClock clock) => (
        personId is { } person ? directory.Find(person)?.Name ?? "Someone" : "Someone signed in with the admin token",
        at is { } instant
            ? " at " + TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(instant, DateTimeKind.Utc), clock.Zone)
                .ToString("HH:mm 'on' ddd d MMM", CultureInfo.InvariantCulture) + " (program time)"
            : "");
}
