using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Tests.SiteChampions;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// What each admin address takes besides its path: the query parameters and JSON fields its row of the README's reference
/// names, compared with what the address itself says it takes when given one it does not.
/// </summary>
public sealed partial class AdminApiReferenceTests
{
    /// <summary>
    /// The README promises that each address takes the query parameters its row lists (the long lists <c>offset</c> too) and
    /// refuses any other: a script written from the table must be able to use every one it names, and no filter the
    /// table leaves out may exist unseen.
    /// </summary>
    [Fact]
    public async Task The_README_reference_lists_the_query_parameters_each_admin_address_takes_and_no_other()
    {
        await using var sites = await TwoSites.StartAsync();
        var routes = AdminRoutes(sites.App.Services);
        var champion = await sites.ClientForAsync("cara@example.org");
        var lead = await sites.ClientForAsync("pia@example.org");
        var documented = ReferenceRows();

        var problems = new List<string>();
        foreach (var route in routes)
        {
            var row = documented.Single(d => d.Path == route.Path && d.Method == route.Method);
            var (takes, answer) = await QueryTakenAsync(CallerFor(route, sites, champion, lead), route);
            if (takes is null) problems.Add($"{route.Method} {route.Path}: an unknown query parameter was not refused as the README's rules say, but {answer}");
            else if (!takes.SetEquals(row.Query))
                problems.Add($"{route.Method} {route.Path}: the README lists the query [{string.Join(", ", row.Query.Order())}], HitBot takes [{string.Join(", ", takes.Order())}]");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Fields an address reads from its JSON body that its row leaves out on purpose: each is refused with a 400 naming it,
    /// or, for a preview, changes nothing.
    /// </summary>
    static readonly Dictionary<(string Method, string Path), string[]> FieldsTakenButNotListed = new()
    {
        [("POST", "/api/admin/updates")] = ["seriesId"],                                   // 400: save the draft first, then queue it
        [("POST", "/api/admin/updates/preview")] = ["seriesId"],                           // a preview saves nothing, nor queues it
        [("POST", "/api/admin/updates/{id}/correct")] = ["audience", "urgent", "seriesId"], // 400: a correction changes the text only
    };

    /// <summary>
    /// The JSON fields a row's body column names are contracts a district's scripts are written against: each must be one
    /// the address reads (a renamed field would be refused as unknown), and the address must read no other it does not name.
    /// </summary>
    [Fact]
    public async Task The_README_reference_names_the_JSON_fields_each_admin_address_takes()
    {
        await using var sites = await TwoSites.StartAsync();
        var champion = await sites.ClientForAsync("cara@example.org");
        var lead = await sites.ClientForAsync("pia@example.org");
        var documented = ReferenceRows();

        var problems = new List<string>();
        foreach (var route in AdminRoutes(sites.App.Services).Where(r => r.Method != "GET"))
        {
            var takes = await FieldsTakenAsync(CallerFor(route, sites, champion, lead), route);
            var named = FieldsOf(documented, route.Method, route.Path);
            var unlisted = takes.Except(named).Except(FieldsTakenButNotListed.GetValueOrDefault((route.Method, route.Path), [])).ToList();
            var notTaken = named.Except(takes).ToList();
            if (unlisted.Count > 0) problems.Add($"{route.Method} {route.Path} takes {string.Join(", ", unlisted)}, which its row does not name");
            if (notTaken.Count > 0) problems.Add($"{route.Method} {route.Path}: its row names {string.Join(", ", notTaken)}, which it does not take");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The JSON fields an address takes, as its refusal of one it does not take lists them; none when it reads no JSON body.</summary>
    static async Task<HashSet<string>> FieldsTakenAsync(HttpClient caller, Route route)
    {
        const string Unknown = "no-such-field";
        var request = new HttpRequestMessage(new HttpMethod(route.Method), Request(route).RequestUri)
        {
            Content = JsonContent.Create(new JsonObject { [Unknown] = 1 }),
        };
        var title = await TitleAsync(await caller.SendAsync(request, Ct)) ?? "";
        return title.StartsWith(Unknown + ": this address does not take it; it takes ", StringComparison.Ordinal)
            ? [.. TakesPattern().Match(title).Groups["names"].Value.Split(", ")]
            : [];
    }

    /// <summary>
    /// The field names in a row's body column outside parentheses ("`title`, `body` (`Idempotency-Key` optional)" is title and
    /// body; notes, queries, headers, content types and CSV columns are not fields), with "any of those" as the POST row above it and "a
    /// draft's fields" or "as a new draft" as a new update's.
    /// </summary>
    static HashSet<string> FieldsOf(List<Row> rows, string method, string path)
    {
        var body = rows.Single(r => r.Method == method && r.Path == path).Body;
        if (body.Contains("CSV", StringComparison.Ordinal)) return [];
        var fields = Code().Matches(Parenthesized().Replace(body, "")).Select(c => c.Groups[1].Value)
            .Where(f => char.IsLower(f[0]) && f.All(c => char.IsLetterOrDigit(c))).ToHashSet(StringComparer.Ordinal);
        if (body.Contains("any of those", StringComparison.Ordinal)) fields.UnionWith(FieldsOf(rows, "POST", path[..path.LastIndexOf('/')]));
        if (body.Contains("a draft's fields", StringComparison.Ordinal) || body.Contains("as a new draft", StringComparison.Ordinal))
            fields.UnionWith(FieldsOf(rows, "POST", "/api/admin/updates"));
        return fields;
    }

    /// <summary>The query names an address takes, as its refusal of one it does not take lists them; null, and what it answered, when it refused nothing.</summary>
    static async Task<(HashSet<string>? Takes, string Answer)> QueryTakenAsync(HttpClient caller, Route route)
    {
        const string Unknown = "no-such-parameter";
        // An empty JSON object: a body field the address does not take is refused before its query is looked at.
        var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(Request(route).RequestUri + "?" + Unknown + "=1", UriKind.Relative))
        {
            Content = route.Method == "GET" ? null : JsonContent.Create(new JsonObject()),
        };
        var response = await caller.SendAsync(request, Ct);
        var title = await TitleAsync(response) ?? "";
        if (response.StatusCode != HttpStatusCode.BadRequest || !title.StartsWith(Unknown + ": this address does not take it in its query;", StringComparison.Ordinal))
            return (null, $"{(int)response.StatusCode} {title}");
        var names = TakesPattern().Match(title).Groups["names"].Value;
        return (names == "no query parameters" ? [] : [.. names.Split(", ")], title);
    }

    [GeneratedRegex(@"it takes (?<names>[A-Za-z, ]+)\.")]
    private static partial Regex TakesPattern();

    /// <summary>
    /// The names in "query `a`, `b`" of a row's body column (up to the next ';' or ')'), with <c>offset</c> for an address the
    /// rules' "Long lists" bullet names, which says that these take it too.
    /// </summary>
    static HashSet<string> QueryOf(string section, Match row)
    {
        var body = row.Groups["body"].Value;
        var at = body.IndexOf("query ", StringComparison.Ordinal);
        var names = at < 0 ? [] : Code().Matches(body[at..].Split(';', ')')[0]).Select(c => c.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var longLists = LongLists().Match(section);
        Assert.True(longLists.Success, "the README's rules have no 'Long lists' bullet");
        var path = row.Groups["path"].Value;
        if (row.Groups["method"].Value == "GET" && Code().Matches(longLists.Groups["lists"].Value)
                .Any(c => path == "/api/admin/" + c.Groups[1].Value || path.EndsWith("/{id}/" + c.Groups[1].Value, StringComparison.Ordinal)))
            names.Add("offset");
        return names;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesized();

    [GeneratedRegex(@"\*\*Long lists\*\* \((?<lists>[^)]*)\)")]
    private static partial Regex LongLists();

    /// <summary>
    /// The sections above the reference show addresses in use (curl lines, "GET /api/admin/people?q=…"): each must be one
    /// the reference lists, with query names its row lists, or the reader copies an address HitBot answers with a 404 or 400.
    /// </summary>
    [Fact]
    public void Every_admin_address_the_README_shows_in_use_is_in_the_reference_with_the_query_it_lists()
    {
        var readme = File.ReadAllText(RepoFiles.Of("README.md"));
        var rows = ReferenceRows().Where(r => r.Path.StartsWith("/api/admin/", StringComparison.Ordinal))
            .Select(r => (Row: r, Pattern: new Regex("^" + Regex.Replace(Regex.Escape(r.Path), @"\\\{[^}]+}", "[^/]+") + "$"))).ToList();

        var shown = AddressInUse().Matches(readme).Select(m => (Path: m.Groups["path"].Value.TrimEnd('.', '/'), Query: m.Groups["query"].Value))
            .Where(a => a.Path.StartsWith("/api/admin/", StringComparison.Ordinal) && !a.Path.Contains("...", StringComparison.Ordinal)).Distinct().ToList();
        var problems = new List<string>();
        foreach (var (path, query) in shown)
        {
            var matching = rows.Where(r => r.Pattern.IsMatch(path)).Select(r => r.Row).ToList();
            var takes = matching.SelectMany(r => r.Query).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var unknown = query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')[0])
                .Where(name => !takes.Contains(name) && !TyposShownOnPurpose.Contains(name)).ToList();
            if (matching.Count == 0) problems.Add($"{path} is not an address in the reference");
            else if (unknown.Count > 0) problems.Add($"{path}{query}: its row lists no {string.Join(", ", unknown)}");
        }

        Assert.True(shown.Count >= 60, $"expected the README's examples, found {shown.Count}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The README's example of a query name HitBot refuses (the rules' "Query parameters" bullet).</summary>
    static readonly HashSet<string> TyposShownOnPurpose = new(StringComparer.Ordinal) { "stauts" };

    /// <summary>An admin address as the prose and the curl lines write it, with its query: ends at a space, quote, backtick or bracket.</summary>
    [GeneratedRegex(@"(?<path>/api/admin/[A-Za-z0-9_./{}\-]*)(?<query>\?[^\s`""')\]]*)?")]
    private static partial Regex AddressInUse();

    /// <summary>The client that may call an address: a champion's and a lead's own pages are theirs alone; the admin token opens every other.</summary>
    static HttpClient CallerFor(Route route, TwoSites sites, HttpClient champion, HttpClient lead) =>
        route.Path.StartsWith("/api/admin/my-site", StringComparison.Ordinal) ? champion
        : route.Path.StartsWith("/api/admin/my-cohort", StringComparison.Ordinal) ? lead : sites.Admin;
}
