using HitBot.Admin;
using HitBot.Hosting;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.People;

public static class PeopleEndpoints
{
    /// <summary>A roster of 50,000 people is about 4 MB of CSV; anything bigger is a mistake.</summary>
    public const long MaxRosterBytes = 8 * 1024 * 1024;

    public static RouteGroupBuilder MapPeopleEndpoints(this RouteGroupBuilder admin)
    {
        admin.MapGet("/people", ListPeople);
        admin.MapPost("/people/import", ImportRoster).WithBodyLimit(MaxRosterBytes + BodyLimits.FormOverhead);
        admin.MapPost("/people/{id}/api-token", IssueToken);
        admin.MapPersonEditEndpoints();
        admin.MapPersonDataEndpoints();
        admin.MapDelete("/people/{id}/api-token", (string id, PersonalTokens tokens) =>
            tokens.Revoke(id) > 0 ? Results.NoContent() : TypedResults.Problem(title: $"'{id}' has no personal token.", statusCode: StatusCodes.Status404NotFound));
        return admin;
    }

    /// <summary>
    /// A personal admin API token for a partner lead (their own cohort only), a site champion (their own site, read only)
    /// or a central team member. Shown once; issuing again replaces it. Hand it over the way you hand over a password.
    /// </summary>
    static Results<Created<PersonalTokenIssued>, ValidationProblem, ProblemHttpResult> IssueToken(
        string id, DirectoryStore store, PersonalTokens tokens, AdminIdentity identity, HttpContext http)
    {
        if (store.Find(id) is not { } person)
            return TypedResults.Problem(title: $"There is no person '{id}'.", statusCode: StatusCodes.Status404NotFound);
        // A reply, an item's history line and an opt-out name whoever's token made them: a coordinator who could make a
        // colleague's token could answer tutors in that colleague's name (and lock them out by replacing theirs).
        if (person.HasRole(Roles.CentralTeam) && AdminClaims.PersonId(http.User) is { } caller && caller != person.Id)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title:
                "Only the shared admin token (HitBot:Admin:Token) can make a token for another central team member: with it, you could act in their name. Nothing was issued.");
        if (person.Inactive)
            return InvalidInput.Field("id", $"{person.Name} is inactive (left the program): reactivate them first (\"active\": true) if they should have a token.");
        if (ScopeOf(person) is not { } scope)
            return InvalidInput.Field("id", "Personal tokens are for partner leads (with a partner in the roster), site champions (with a site in the roster) and central team members.");
        try
        {
            var issued = tokens.Issue(person.Id);
            // From the stored issue time, the one the lifetime is checked against.
            var expiresAt = identity.ExpiresAt(issued.IssuedAt);
            return TypedResults.Created($"/api/admin/people/{id}/api-token", new PersonalTokenIssued(person.Id, issued.Token, scope, expiresAt));
        }
        catch (PersonErasedException)
        {
            // Erased between the read above and the token's write: the same answer as if the erasure had come first.
            return TypedResults.Problem(title: $"There is no person '{id}'.", statusCode: StatusCodes.Status404NotFound);
        }
    }

    /// <summary>What the token will open, space-separated like OAuth scopes: someone can be both a partner lead and a site champion.</summary>
    static string? ScopeOf(Person person)
    {
        if (person.HasRole(Roles.CentralTeam)) return "central-team";
        var scopes = new List<string>();
        if (Core.Updates.UpdatePosting.IsPartnerLead(person)) scopes.Add("partner-lead");
        if (AdminIdentity.IsSiteChampion(person)) scopes.Add("site-champion");
        return scopes.Count == 0 ? null : string.Join(' ', scopes);
    }

    /// <summary>
    /// One page of people, in name order, optionally only those whose name, e-mail, site or partner contains
    /// <paramref name="q"/> (any case) and whose language is <paramref name="language"/> (a tag or a name; "es" takes
    /// es-MX too), and whose reach state is <paramref name="reach"/> (one of <see cref="ReachStates"/>: the People page
    /// counted "12 not reached yet" and gave no way to see who). The answer stays a plain array, paged as <see cref="ListPage"/>
    /// describes; the directory cuts the page itself, so a 100,000-person roster is never read whole for one page.
    /// </summary>
    static Results<Ok<List<PersonView>>, ValidationProblem> ListPeople(
        DirectoryStore store, PersonalTokens tokens, AdminIdentity identity, HttpContext http,
        string? q, int? offset, int? limit, string? language, string? after, string? reach)
    {
        if (ListPage.Problem(offset, limit, "people") is { } problem) return problem;
        if (!string.IsNullOrEmpty(reach) && !ReachStates.All.Contains(reach, StringComparer.Ordinal))
            return InvalidInput.Field("reach", $"'{reach}' is not a reach state; use one of {string.Join(", ", ReachStates.All)}.");
        var tag = string.IsNullOrWhiteSpace(language) ? null : LanguageTag.Parse(language);
        if (!string.IsNullOrWhiteSpace(language) && tag is null)
            return InvalidInput.Field("language", $"'{language}' is not a language HitBot knows; {LanguageTag.Hint}.");
        var cursor = string.IsNullOrEmpty(after) ? null : PeopleCursor.Parse(after);
        if (!string.IsNullOrEmpty(after) && (cursor is null || offset is not null)) return ListPage.BadCursor("after");

        var take = limit ?? ListPage.MaxSize;
        var state = string.IsNullOrEmpty(reach) ? null : reach;
        var searching = !string.IsNullOrWhiteSpace(q) || tag is not null || state is not null;
        // People keep their site's and partner's slug; the API answers the names, as the roster spelled them.
        var sites = store.AllSites().ToDictionary(s => s.Id, s => s.Name);
        var partners = store.AllPartners().ToDictionary(p => p.Id, p => p.Name);
        if (offset is not { } skip)
        {
            // The next page's address carries where this one ended (after=), not a count: see ListPage.After.
            var cut = searching ? store.SearchAfter(q ?? "", cursor, take, tag, state) : store.PageAfter(cursor, take);
            return TypedResults.Ok(ListPage.After(Views(cut.People), cut.Total, "after", cut.Next?.Token, http, take));
        }
        var page = searching ? store.Search(q ?? "", skip, take, tag, state) : store.Page(skip, take);
        return TypedResults.Ok(ListPage.Of(Views(page.People), page.Total, http, skip, take));

        // Each person's token dates, so the central team sees whose sign-in is about to stop (or stopped) and renews or revokes it.
        List<PersonView> Views(IReadOnlyCollection<Person> people)
        {
            var issued = tokens.IssuedAt([.. people.Select(p => p.Id)]);
            return [.. people.Select(p =>
            {
                DateTime? issuedAt = issued.TryGetValue(p.Id, out var at) ? at : null;
                var expiresAt = issuedAt is { } from ? identity.ExpiresAt(from) : null;
                // By the sign-in's own rule (AdminIdentity.ExpiredAt): expired from the instant it ends, by HitBot's clock.
                return PersonView.Of(p, sites, partners) with { TokenIssuedAt = issuedAt, TokenExpiresAt = expiresAt, TokenExpired = issuedAt is { } since && identity.ExpiredAt(since) is not null };
            })];
        }
    }

    static async Task<Results<Ok<RosterImportResult>, ValidationProblem, ProblemHttpResult>> ImportRoster(
        HttpRequest request, RosterImport import, bool? skipInvalid, bool? deactivateMissing, bool? preview, CancellationToken ct)
    {
        if (request.ContentLength > MaxRosterBytes)
            return TypedResults.Problem(title: $"The roster is larger than {MaxRosterBytes / 1024 / 1024} MB; split it into smaller files.",
                statusCode: StatusCodes.Status413PayloadTooLarge);

        byte[] bytes;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if ((form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)) is not { } file)
                return InvalidInput.Field("file", "Attach the roster CSV as the form field 'file'.");
            if (file.Length > MaxRosterBytes)
                return TypedResults.Problem(title: $"The roster is larger than {MaxRosterBytes / 1024 / 1024} MB; split it into smaller files.",
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            using var copy = new MemoryStream();
            await file.CopyToAsync(copy, ct);
            bytes = copy.ToArray();
        }
        else
        {
            var buffer = new byte[MaxRosterBytes + 1];
            var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
            if (read > MaxRosterBytes)
                return TypedResults.Problem(title: $"The roster is larger than {MaxRosterBytes / 1024 / 1024} MB; split it into smaller files.",
                    statusCode: StatusCodes.Status413PayloadTooLarge);
            bytes = buffer[..read];
        }
        // Bytes, not a UTF-8 reader: a district's export may be Windows-1252 (Excel's plain "CSV"), see CsvText.
        var csv = Core.CsvText.Decode(bytes);

        var result = import.Import(new StringReader(csv), skipInvalid ?? false, deactivateMissing ?? false, preview ?? false);
        if (!result.Imported)
            return InvalidInput.Lines("Nothing was imported: fix the lines listed in 'errors', or import again with ?skipInvalid=true (on the dashboard: tick \"Import the good lines even if some are wrong\") to import only the valid lines.",
                result.Errors.Select(e => (e.Line, e.Message)));
        return TypedResults.Ok(result);
    }
}

/// <summary>A person as the admin API shows them: which platforms they are linked on, whether they opted out (who, when), reach.</summary>
public sealed record PersonView(
    string Id, string Name, string Email, List<string> Roles, string? Site, string? Partner, string? TimeZone, string? Language,
    bool OptedOut, List<string> LinkedChannels, bool Teams, bool Slack, DateOnly? StartDate, List<string> Interests)
{
    public bool Active { get; init; } = true;
    public DateTime? OptedOutAt { get; init; }
    public string? OptedOutBy { get; init; }
    /// <summary>One of the reach states (teams, slack, installing, not-in-tenant, not-in-workspace, blocked, opted-out, inactive, no-chat-yet).</summary>
    public string Reach { get; init; } = "";
    public DateTime? LastReachAttempt { get; init; }
    /// <summary>Why the reach state, in words, when an attempt said (e.g. "No Slack account with this e-mail in the workspace."), as the reach report has it.</summary>
    public string? ReachDetail { get; init; }
    /// <summary>What to do about the reach state, in words ("ask them to open HitBot…"); null when HitBot reaches them.</summary>
    public string? ReachNextStep { get; init; }
    /// <summary>When their personal token was issued (never the token); null when they have none. Only in <c>GET /api/admin/people</c>.</summary>
    public DateTime? TokenIssuedAt { get; init; }
    /// <summary>When that token stops (or stopped) working; null without a token or when tokens never expire.</summary>
    public DateTime? TokenExpiresAt { get; init; }
    /// <summary>
    /// Whether that token has stopped working, by HitBot's clock (the one the sign-in checks): the People page compared the
    /// expiry with the browser's clock, and a laptop set a day wrong called a working token expired, or an expired one working.
    /// </summary>
    public bool TokenExpired { get; init; }

    public static PersonView Of(Person p, Dictionary<string, string> siteNames, Dictionary<string, string> partnerNames)
    {
        var channels = p.Identities.Select(i => i.Channel.ToString().ToLowerInvariant()).ToList();
        var site = p.Site is null ? null : siteNames.GetValueOrDefault(p.Site, p.Site);
        var partner = p.Partner is null ? null : partnerNames.GetValueOrDefault(p.Partner, p.Partner);
        var reach = PersonReach.Of(p);
        return new PersonView(p.Id, p.Name, p.Email, p.Roles, site, partner, p.TimeZone, p.Language, p.OptedOut, channels,
            Teams: channels.Contains("teams"), Slack: channels.Contains("slack"), p.StartDate, p.Interests)
        {
            Active = !p.Inactive, OptedOutAt = p.OptedOut ? p.OptedOutAt : null, OptedOutBy = p.OptedOut ? p.OptedOutBy : null,
            Reach = reach.State, LastReachAttempt = reach.LastAttempt, ReachDetail = reach.Detail, ReachNextStep = reach.NextStep,
        };
    }
}

/// <summary>A token just issued; <paramref name="ExpiresAt"/> is null when <c>HitBot:Admin:PersonalTokenDays</c> is 0 (never).</summary>
public sealed record PersonalTokenIssued(string PersonId, string Token, string Scope, DateTime? ExpiresAt);
