using System.Globalization;
using HitBot.Admin;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Feedback;

/// <summary>The feedback inbox (read, reply, mark handled) and thank-you cards. Anonymous items never name their writer.</summary>
public static class FeedbackEndpoints
{
    public static RouteGroupBuilder MapFeedbackEndpoints(this RouteGroupBuilder admin)
    {
        var feedback = admin.MapGroup("/feedback");
        feedback.MapGet("", List);
        admin.MapGet("/feedback.csv", ExportCsv);
        feedback.MapGet("/{id}", (string id, FeedbackStore store, DirectoryStore directory, UpdateStore updates, OutboxStore outbox) =>
            Open(store, id) is { } item ? (IResult)TypedResults.Ok(FeedbackView.Of(item, directory, updates, outbox)) : NotFound(id));
        feedback.MapPost("/{id}/reply", Reply);
        feedback.MapPost("/{id}/handled", (string id, FeedbackInbox inbox, DirectoryStore directory, UpdateStore updates, OutboxStore outbox) => Handled(id, true, inbox, directory, updates, outbox));
        feedback.MapDelete("/{id}/handled", (string id, FeedbackInbox inbox, DirectoryStore directory, UpdateStore updates, OutboxStore outbox) => Handled(id, false, inbox, directory, updates, outbox));
        admin.MapPost("/appreciation", Appreciate);
        return admin;
    }

    /// <summary>
    /// The inbox, newest first; <c>status</c> (open, new, replied, handled) and <c>update</c> narrow it, <c>q</c> finds items whose
    /// text, writer (name, e-mail), site, partner or update title contains it. Paged like the people list (<see cref="ListPage"/>).
    /// </summary>
    static Results<Ok<List<FeedbackView>>, ValidationProblem, ProblemHttpResult> List(
        string? status, string? update, string? q, int? offset, int? limit, string? before, HttpContext http,
        FeedbackStore store, DirectoryStore directory, UpdateStore updates, OutboxStore outbox)
    {
        if (Statuses(status) is not { } statuses) return BadStatus(status);
        if (UnknownUpdate(update, updates) is { } unknown) return unknown;
        if (ListPage.Problem(offset, limit, "items") is { } problem) return problem;
        // A page's end is the last item's number: items that arrive, are answered or are handled meanwhile move nothing.
        int? below = null;
        if (!string.IsNullOrEmpty(before))
        {
            if (offset is not null || !int.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
                return ListPage.BadCursor("before");
            below = number;
        }

        var views = new FeedbackViews(directory, updates);
        FeedbackView View(FeedbackItem item) => views.Of(item);
        // A page's items also say whether each reply reached its writer: one outbox look-up per reply, for the page only.
        FeedbackView Shown(FeedbackItem item) => views.Of(item, outbox);

        // Without a search the store cuts the page: only the page's items are read and their writers looked up.
        var (skip, take) = (offset ?? 0, limit ?? ListPage.MaxSize);
        if (string.IsNullOrWhiteSpace(q))
        {
            if (offset is null) return NextAfter(store.NewestFirst(statuses, update, take + 1, below ?? int.MaxValue).Take(take + 1).ToList(),
                store.Page(statuses, update, 0, 0).Total);
            var page = store.Page(statuses, update, skip, take);
            return TypedResults.Ok(ListPage.Of([.. page.Items.Select(Shown)], page.Total, http, skip, take));
        }

        // "Contains" has no index: a search looks at every item of the list, newest first, a chunk at a time. Searched on
        // what the view shows: an anonymous item has no writer in it, so searching a name never reveals one.
        bool Found(FeedbackItem item) => View(item) is var f
            && ListPage.Matches(q, f.Text, f.UpdateTitle, f.From?.Name, f.From?.Email, f.From?.Site, f.From?.Partner, f.From?.SiteName, f.From?.PartnerName);
        var matching = store.NewestFirst(statuses, update).Where(Found).ToList();
        if (offset is null) return NextAfter([.. matching.Where(i => i.Number < (below ?? int.MaxValue)).Take(take + 1)], matching.Count);
        return TypedResults.Ok(ListPage.Of(matching, Shown, http, offset, limit));

        // take + 1 items were asked for: one more than the page says there is a next page, which starts below the page's last.
        Ok<List<FeedbackView>> NextAfter(List<FeedbackItem> read, int total) => TypedResults.Ok(ListPage.After(
            [.. read.Take(take).Select(Shown)], total, "before",
            read.Count > take ? read[take - 1].Number.ToString(CultureInfo.InvariantCulture) : null, http, take));
    }

    /// <summary>The statuses a <c>status</c> parameter names: empty for every item of the inbox, "open" for those not handled yet (the dashboard's first tab); null when it names none.</summary>
    static IReadOnlyList<FeedbackStatus>? Statuses(string? status) =>
        string.IsNullOrEmpty(status) ? FeedbackStore.InInbox
        : string.Equals(status, "open", StringComparison.OrdinalIgnoreCase) ? FeedbackStore.Open
        : Enum.TryParse<FeedbackStatus>(status, ignoreCase: true, out var parsed) && parsed != FeedbackStatus.Offered && Enum.IsDefined(parsed) ? [parsed]
        : null;

    /// <summary>An <c>update</c> filter naming no update was an empty inbox, read as "nobody asked about it": refused instead.</summary>
    static ValidationProblem? UnknownUpdate(string? update, UpdateStore updates) =>
        !string.IsNullOrEmpty(update) && updates.Find(update) is null
            ? InvalidInput.Field("update", $"update: '{update}' is no update; give an update's id from GET /api/admin/updates.")
            : null;

    static ValidationProblem BadStatus(string? status) =>
        InvalidInput.Field("status", $"'{status}' is not a feedback status; use open, new, replied or handled.");

    /// <summary>
    /// The inbox as a spreadsheet for a report to the district (<see cref="FeedbackCsv"/>): every item of the tab
    /// (<c>status</c>, optionally one update's questions), newest first, read a chunk at a time.
    /// </summary>
    static Results<FileContentHttpResult, ValidationProblem> ExportCsv(string? status, string? update, ProgramClock clock,
        FeedbackStore store, DirectoryStore directory, UpdateStore updates)
    {
        if (Statuses(status) is not { } statuses) return BadStatus(status);
        if (UnknownUpdate(update, updates) is { } unknown) return unknown;
        var views = new FeedbackViews(directory, updates);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        FeedbackCsv.Write(store.NewestFirst(statuses, update).Select(item => views.Of(item)), clock, writer);
        var day = clock.Today().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return CsvDownload.File(writer.ToString(), $"feedback-{day}.csv");
    }

    /// <summary>Sends the reply to the chat the item came from. The same text to the same item is sent once.</summary>
    static Results<Accepted<FeedbackView>, ValidationProblem, ProblemHttpResult> Reply(
        string id, ReplyRequest request, HttpContext http, FeedbackInbox inbox, DirectoryStore directory, UpdateStore updates, OutboxStore outbox)
    {
        // Signed in with their own token, the coordinator is named on the reply (as in chat), so colleagues see who answered.
        var (outcome, item) = inbox.Reply(id, request.Text ?? "", byPersonId: AdminClaims.PersonId(http.User));
        return outcome switch
        {
            ReplyOutcome.Queued => TypedResults.Accepted($"/api/admin/feedback/{id}", FeedbackView.Of(item!, directory, updates, outbox)),
            ReplyOutcome.Empty => InvalidInput.Message("text: write the reply."),
            ReplyOutcome.TooLong => InvalidInput.Message($"text: at most {FeedbackItem.MaxText:N0} characters."),
            ReplyOutcome.TooNested => InvalidInput.Message(MarkdownText.Problem("text", request.Text)!),
            ReplyOutcome.Unreachable => TypedResults.Problem(title: FeedbackRoutes.Unreachable, statusCode: StatusCodes.Status409Conflict),
            _ => NotFound(id),
        };
    }

    static IResult Handled(string id, bool handled, FeedbackInbox inbox, DirectoryStore directory, UpdateStore updates, OutboxStore outbox) =>
        inbox.MarkHandled(id, handled) is { } item ? TypedResults.Ok(FeedbackView.Of(item, directory, updates, outbox)) : NotFound(id);

    /// <summary>Thank-you cards to a person (audience.people) or an audience. Send the same id again to retry safely.</summary>
    static Results<Accepted<AppreciationReport>, ValidationProblem, ProblemHttpResult> Appreciate(AppreciationRequest request, AppreciationSender sender,
        AudienceResolver audiences)
    {
        var problems = request.Problems();
        if (problems.Count == 0) problems.AddRange(audiences.UnknownPlaces(request.Audience!));
        if (problems.Count > 0)
            return InvalidInput.Fields("Nothing was sent: fix the fields listed in 'errors'.", problems);
        return TypedResults.Accepted((string?)null, sender.Send(request));
    }

    static FeedbackItem? Open(FeedbackStore store, string id) => store.Find(id) is { Status: not FeedbackStatus.Offered } item ? item : null;

    internal static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no feedback item '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record ReplyRequest(string? Text);

/// <summary>A feedback item as the central team sees it: the writer's name only when they chose to give it, never the chat address.</summary>
public sealed record FeedbackView(
    string Id, int Number, string Text, bool Anonymous, FeedbackWriter? From, string? UpdateId, string? UpdateTitle,
    string Status, DateTime CreatedAt, DateTime? HandledAt, List<FeedbackReplyView> Replies)
{
    public static FeedbackView Of(FeedbackItem item, DirectoryStore directory, UpdateStore updates, OutboxStore? outbox = null) =>
        Of(item, directory, id => updates.Find(id)?.Title,
            site => directory.FindSite(site)?.Name ?? site, partner => directory.FindPartner(partner)?.Name ?? partner, outbox);

    /// <summary>
    /// The view with the update's title and the writer's site and partner names from the functions given, so a list can
    /// look each update, site and partner up once; with <paramref name="outbox"/>, each reply also says how its delivery went.
    /// </summary>
    public static FeedbackView Of(FeedbackItem item, DirectoryStore directory, Func<string, string?> updateTitle,
        Func<string, string> siteName, Func<string, string> partnerName, OutboxStore? outbox = null) => new(
        item.Id, item.Number, item.Text, item.Anonymous,
        item.Anonymous || item.PersonId is null ? null
            : directory.Find(item.PersonId) is { } person ? new FeedbackWriter(person.Id, person.Name, person.Email, person.Site, person.Partner)
            {
                SiteName = person.Site is { } site ? siteName(site) : null,
                PartnerName = person.Partner is { } partner ? partnerName(partner) : null,
            }
            : new FeedbackWriter(item.PersonId, "(no longer on the roster)", null, null, null),
        item.UpdateId, item.UpdateId is { } u ? updateTitle(u) : null,
        item.Status.ToString().ToLowerInvariant(), item.CreatedAt, item.HandledAt,
        item.Replies.Select(r => FeedbackReplyView.Of(r, r.ByPersonId is { } by ? directory.Find(by)?.Name : null, outbox?.Find(r.Id), item.Anonymous)).ToList())
    {
        WordsRemoved = item.WordsRemoved is { } removed
            ? new WordsRemovedView(removed.At, removed.ByPersonId is { } by ? directory.Find(by)?.Name ?? "(no longer on the roster)" : null, removed.Note)
            : null,
    };

    /// <summary>When the central team removed the words (<see cref="FeedbackWordRemoval"/>); null while they stand.</summary>
    public WordsRemovedView? WordsRemoved { get; init; }
}

/// <summary>Who removed an item's words (null: the shared admin token, or someone since erased), when, and why.</summary>
public sealed record WordsRemovedView(DateTime At, string? By, string? Note);

/// <summary>
/// Views of many items, each update's title and each site's and partner's name looked up once, not once per item: a
/// third of a large inbox can answer the same update, and a search or an export maps every item of it.
/// </summary>
sealed class FeedbackViews(DirectoryStore directory, UpdateStore updates)
{
    readonly Dictionary<string, string?> titles = [];
    readonly Dictionary<string, string> sites = [], partners = [];

    public FeedbackView Of(FeedbackItem item, OutboxStore? outbox = null) => FeedbackView.Of(item, directory, Title, SiteName, PartnerName, outbox);

    string? Title(string id) => titles.TryGetValue(id, out var title) ? title : titles[id] = updates.Find(id)?.Title;
    string SiteName(string site) => sites.TryGetValue(site, out var name) ? name : sites[site] = directory.FindSite(site)?.Name ?? site;
    string PartnerName(string partner) => partners.TryGetValue(partner, out var name) ? name : partners[partner] = directory.FindPartner(partner)?.Name ?? partner;
}

/// <summary>Who wrote a feedback item; <see cref="Site"/> and <see cref="Partner"/> are slugs, the *Name ones as the roster spells them.</summary>
public sealed record FeedbackWriter(string Id, string Name, string? Email, string? Site, string? Partner)
{
    public string? SiteName { get; init; } = Site;
    public string? PartnerName { get; init; } = Partner;
}

/// <summary>
/// A reply as the central team sees it, with how its delivery to the writer went: <see cref="Delivery"/> is <c>waiting</c>
/// (queued, or being tried again), <c>sent</c>, or <c>failed</c> (given up: <see cref="NotSentReason"/> says why, such as
/// the writer having removed the app); null when not asked for, or once the delivery's record is pruned (RetentionDays).
/// For an anonymous item the reason names no platform: "Slack does not know this person" would narrow down who wrote it.
/// </summary>
public sealed record FeedbackReplyView(string Text, DateTime At, string? By)
{
    public string? Delivery { get; init; }
    public string? NotSentReason { get; init; }

    public const string AnonymousNotSent = FeedbackInbox.AnonymousNotSent;

    public static FeedbackReplyView Of(FeedbackReply reply, string? by, HitBot.Core.Messaging.Outbox.Delivery? delivery, bool anonymous) => new(reply.Text, reply.At, by)
    {
        Delivery = delivery?.State switch
        {
            null => null,
            DeliveryState.Sent => "sent",
            DeliveryState.Dead or DeliveryState.Cancelled => "failed",
            _ => "waiting",
        },
        NotSentReason = delivery is { State: DeliveryState.Dead or DeliveryState.Cancelled } ? anonymous ? AnonymousNotSent : delivery.LastError : null,
    };
}
