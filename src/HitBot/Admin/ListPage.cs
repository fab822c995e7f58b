using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Admin;

/// <summary>
/// The paging every long admin list shares (people, feedback, updates, the reach report, who has not answered):
/// <c>limit</c> in the query, <c>X-Total-Count</c> saying how many match in all and <c>Link: rel="next"</c> giving the
/// next page while there is one, which carries where the page ended (<see cref="After"/>) or, for a caller that paged by
/// <c>offset</c>, the next offset (<see cref="Of{T}(List{T}, int, HttpContext, int, int)"/>). The next page's address
/// keeps the caller's other parameters (q, status, ...).
/// </summary>
static class ListPage
{
    /// <summary>The most items one page holds: 1,000 people is about 250 KB of JSON; the whole of a large roster is 25 MB.</summary>
    public const int MaxSize = 1000;

    /// <summary>What is wrong with the page asked for, as a 400 that names the parameter; null when it is fine.</summary>
    /// <param name="smallest">The smallest page: 0 where an answer says more than its list (the reach report's counts).</param>
    public static ValidationProblem? Problem(int? offset, int? limit, string items, int smallest = 1)
    {
        var problems = new List<string>();
        if (offset < 0) problems.Add($"offset: must be 0 or more (the number of {items} to skip), not {offset}.");
        if (limit < smallest || limit > MaxSize) problems.Add($"limit: must be {smallest} to {MaxSize} (the page size), not {limit}.");
        // One thing wrong: its message is the title, as on every other 400 (a script that shows the title alone says what to fix).
        return problems switch
        {
            [] => null,
            [var one] => InvalidInput.Message(one),
            _ => InvalidInput.Fields("The page asked for is not valid: fix the values listed in 'errors'.", problems),
        };
    }

    /// <summary>The page of <paramref name="matching"/> asked for, with the count and next-page headers set.</summary>
    public static List<T> Of<T>(IReadOnlyCollection<T> matching, HttpContext http, int? offset, int? limit) =>
        Of(matching, item => item, http, offset, limit);

    /// <summary>
    /// The page of <paramref name="matching"/> asked for, each item shown through <paramref name="show"/>: only the page's
    /// items are shown, so a costly view (a writer looked up in the directory) is paid for the page, not the list.
    /// </summary>
    public static List<T> Of<TItem, T>(IReadOnlyCollection<TItem> matching, Func<TItem, T> show, HttpContext http, int? offset, int? limit)
    {
        var (skip, take) = (offset ?? 0, limit ?? MaxSize);
        return Of([.. matching.Skip(skip).Take(take).Select(show)], matching.Count, http, skip, take);
    }

    /// <summary>A page the store has already cut (<paramref name="page"/>, out of <paramref name="total"/>), with the same headers.</summary>
    public static List<T> Of<T>(List<T> page, int total, HttpContext http, int skip, int take)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        // An empty page asked for (limit=0) has no next page: its "next" would be itself.
        if (take > 0 && skip + take < total) LinkNext(http, "offset", (skip + take).ToString(CultureInfo.InvariantCulture), take);
        return page;
    }

    /// <summary>
    /// A page cut at a cursor (<paramref name="next"/>: where the next page starts, null on the last page), with the count
    /// header and a next-page address that carries the cursor as <paramref name="cursor"/> instead of an offset: someone
    /// added or removed before it between two pages shifts nobody onto both pages or onto neither.
    /// </summary>
    public static List<T> After<T>(List<T> page, int total, string cursor, string? next, HttpContext http, int take)
    {
        http.Response.Headers["X-Total-Count"] = total.ToString(CultureInfo.InvariantCulture);
        if (next is not null) LinkNext(http, cursor, next, take);
        return page;
    }

    /// <summary>
    /// <c>Link: rel="next"</c> to this address with <paramref name="place"/> = <paramref name="value"/> and the same page
    /// size, keeping the caller's other parameters (q, status, ...) and dropping any other place (offset or a cursor).
    /// </summary>
    static void LinkNext(HttpContext http, string place, string value, int take)
    {
        var query = new List<KeyValuePair<string, string?>> { new(place, value), new("limit", take.ToString(CultureInfo.InvariantCulture)) };
        foreach (var (key, values) in http.Request.Query)
            if (key != place && key is not ("offset" or "limit") && values.ToString().Trim() is { Length: > 0 } given) query.Add(new(key, given));
        http.Response.Headers.Link = $"<{http.Request.PathBase}{http.Request.Path}{QueryString.Create(query)}>; rel=\"next\"";
    }

    /// <summary>A cursor that is not one HitBot wrote, or one given with an offset: a 400 that says what to do instead.</summary>
    public static ValidationProblem BadCursor(string cursor) =>
        InvalidInput.Field(cursor, $"{cursor} is not a place in this list: follow the address in the Link header (rel=\"next\"), or start again without {cursor} or offset.");

    /// <summary>True when <paramref name="q"/> is empty or any of <paramref name="fields"/> contains it, in any case, with or without accents (<see cref="Core.SearchText"/>).</summary>
    public static bool Matches(string? q, params ReadOnlySpan<string?> fields)
    {
        if (string.IsNullOrWhiteSpace(q)) return true;
        foreach (var field in fields)
            if (Core.SearchText.Contains(field, q.Trim())) return true;
        return false;
    }
}
