using HitBot.Admin;
using System.Text.Json.Nodes;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>Weekly updates: write a draft, see whom it reaches and how it will look, send it, follow its delivery and reactions.</summary>
public static class UpdateEndpoints
{
    public static RouteGroupBuilder MapUpdateEndpoints(this RouteGroupBuilder admin)
    {
        // Partner leads write, preview, test and send here; PartnerLeadCohort keeps them to their own updates and tutors.
        var updates = admin.MapGroup("/updates").RequireAuthorization(AdminPolicies.PartnerLead);
        updates.MapPost("", Create);
        updates.MapGet("", List);
        updates.MapGet("/{id}", Get);
        updates.MapUpdatePreviews();
        updates.MapPost("/{id}/send", Send);
        updates.MapPost("/{id}/test-send", TestSend);

        var centralTeam = admin.MapGroup("/updates").RequireAuthorization(AdminPolicies.CentralTeam);
        centralTeam.MapPost("/{id}/resend-failed", ResendFailed);
        centralTeam.MapPut("/{id}/schedule", Schedule);
        centralTeam.MapDelete("/{id}/schedule", (string id, UpdateScheduling scheduling) =>
            scheduling.Clear(id) is { } update ? (IResult)TypedResults.Ok(update) : NotFound(id));
        return admin;
    }

    static async Task<Results<Created<Update>, ValidationProblem, ProblemHttpResult>> Create(
        UpdateDraft draft, UpdateStore store, IAuthorizationService authorization, HttpContext http, TimeProvider time)
    {
        // A draft goes into a series by a change (PATCH), which checks the series and its slot; here seriesId was dropped, and
        // the draft the script took for queued was never sent.
        if (draft.SeriesId is { Length: > 0 } series)
            return InvalidInput.Message($"seriesId: save the draft first, then queue it in the series: PATCH /api/admin/updates/{{id}} with {{\"seriesId\": \"{series}\"}}. Nothing was saved.");
        var problems = draft.Problems();
        if (problems.Count > 0)
            return InvalidInput.Fields("The update was not saved: fix the fields listed in 'errors'.", problems);
        var createdBy = AdminClaims.PersonId(http.User);
        if (DraftRetry.IdFor(http.Request, createdBy) is not { } id) return DraftRetry.BadKey();
        // The same Save again (its answer lost to a dropped network or a proxy's 502, or pressed twice): the draft it saved.
        if (store.Find(id) is { } earlier)
        {
            if (earlier.CreatedBy != createdBy) return DraftRetry.KeyTaken();
            return TypedResults.Created($"/api/admin/updates/{earlier.Id}", earlier);
        }
        var update = draft.ToUpdate(id, time.GetUtcNow()) with { CreatedBy = createdBy };
        // A partner lead's audience must stay inside their cohort: refused whole, nothing saved.
        if (await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.Send, update) is { } refused) return refused;
        store.Save(update);
        return TypedResults.Created($"/api/admin/updates/{update.Id}", update);
    }

    /// <summary>
    /// The updates newest first (sent ones by send time, then drafts by creation), a page at a time as <see cref="ListPage"/>
    /// describes; a partner lead's are only those they wrote, cut in the database so that their pages are full. The next
    /// page's address carries where this one ended (<c>after=</c>, see <see cref="ListPage.After"/>); <c>offset</c> still works.
    /// </summary>
    static Results<Ok<List<Update>>, ValidationProblem> List(UpdateStore store, HttpContext http, int? offset, int? limit, string? after)
    {
        if (ListPage.Problem(offset, limit, "updates") is { } problem) return problem;
        var cursor = string.IsNullOrEmpty(after) ? null : UpdateCursor.Parse(after);
        if (!string.IsNullOrEmpty(after) && (cursor is null || offset is not null)) return ListPage.BadCursor("after");

        var take = limit ?? ListPage.MaxSize;
        var mayList = PartnerLeadCohort.MayList(http.User, out var writtenBy);
        if (offset is not { } skip)
        {
            var cut = mayList ? store.PageAfter(cursor, take, writtenBy) : new UpdateKeysetPage([], 0, null);
            return TypedResults.Ok(ListPage.After(cut.Updates, cut.Total, "after", cut.Next?.Token, http, take));
        }
        var page = mayList ? store.Page(skip, take, writtenBy) : new UpdatePage([], 0);
        return TypedResults.Ok(ListPage.Of(page.Updates, page.Total, http, skip, take));
    }

    /// <summary>The update with its report: whom the audience reaches now, what was sent, what failed and why, the reactions.</summary>
    /// <remarks>
    /// Failures carry the person's name: the dashboard no longer holds the roster to look it up; and what to do so they are
    /// reached again, since "The person removed or blocked the app." left the coordinator with a question and no next step. A partner lead sees only
    /// their own tutors among them: an update they wrote may have reached others (the central team widened it before
    /// sending, or the lead now leads another partner), whose names are not theirs to see; the counts stay whole.
    /// </remarks>
    static async Task<Results<Ok<UpdateWithReport>, ProblemHttpResult>> Get(
        string id, UpdateStore store, UpdateSender sender, DirectoryStore directory, UpdateHolds holds, IAuthorizationService authorization, HttpContext http)
    {
        if (store.Find(id) is not { } update) return NotFound(id);
        if (await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.See, update) is { } refused) return refused;
        if (sender.Report(id) is not { } report) return NotFound(id);
        var lead = http.User.IsInRole(AdminRoles.CentralTeam) ? null : AdminClaims.PersonId(http.User) is { } me ? directory.Find(me) : null;
        var failures = report.Failures.Select(f => (Failure: f, Person: f.PersonId is { } person ? directory.Find(person) : null))
            .Where(f => lead is null || (lead.Partner is not null && f.Person is { } p && UpdatePosting.InCohort(p, lead)))
            .Select(f => f.Failure with { PersonName = f.Person?.Name, NextStep = f.Person is { } p ? PersonReach.Of(p).NextStep : null });
        return WithETag(http, update, TypedResults.Ok(new UpdateWithReport(update, report with { Failures = [.. failures], Waiting = sender.WaitingOf(update) }) { NextHeld = holds.Ahead(update) }));
    }

    /// <summary>The draft's tag goes with it, for a change to name in <c>If-Match</c> (<see cref="UpdateLifecycleEndpoints"/>).</summary>
    static Ok<UpdateWithReport> WithETag(HttpContext http, Update update, Ok<UpdateWithReport> ok)
    {
        http.Response.Headers.ETag = UpdateLifecycleEndpoints.DraftETag(update);
        return ok;
    }

    /// <summary>
    /// Sends now. A partner lead may send only what reaches their own tutors: 403 and nothing queued otherwise. Inside a
    /// pause of the program calendar only an urgent update goes: 409 and nothing queued otherwise.
    /// </summary>
    static async Task<Results<Ok<UpdateReport>, ProblemHttpResult>> Send(
        string id, UpdateStore store, UpdateSender sender, ProgramCalendar calendar, AudienceResolver audiences, IAuthorizationService authorization, HttpContext http)
    {
        if (store.Find(id) is not { } update) return NotFound(id);
        if (update.RecalledAt is not null) return Recalled();
        // A site or partner typed wrong matched nobody, and the send still marked the draft sent and locked it: the
        // coordinator had to write it again. The dashboard and the chat form stop before this; the API now does too.
        if (update.SentAt is null && audiences.UnknownPlaces(update.Audience).FirstOrDefault() is { } unknown) return UnknownPlace("sent", unknown);
        if (update.SentAt is null && audiences.Count(update.Audience).Matched == 0)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title:
                "This audience matches nobody on the roster: check its roles, sites, partners and people. Nothing was sent, and the draft can still be edited.");
        if (await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.Send, update) is { } refused) return refused;
        if (!update.Urgent && calendar.PauseToday() is { } pause)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title:
                $"Today is in {pause.Name} ({pause.First:yyyy-MM-dd} to {pause.Last:yyyy-MM-dd}): only urgent updates go out. " +
                "Schedule it for after the pause, or mark it urgent. Nothing was sent.");
        return sender.Send(id) is { } report ? TypedResults.Ok(report) : NotFound(id);
    }

    /// <summary>
    /// Queues the failed copies again; a recalled update's are never sent (its given-up copies were not cancelled by the
    /// recall), nor those given up before "Cancel sending": with none after it, a 409 says why nothing went.
    /// </summary>
    static Results<Ok<JsonObject>, ProblemHttpResult> ResendFailed(string id, UpdateStore store, UpdateSender sender) => store.Find(id) switch
    {
        null => NotFound(id),
        { RecalledAt: not null } => Recalled(),
        var update => sender.ResendFailed(id) is var requeued && requeued == 0 && update.SendingCancelledAt is not null
            ? TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title:
                "Sending of this update was cancelled, so the copies not delivered before then stay unsent. Nothing was sent. " +
                "To send it to them after all, duplicate it as a new draft and send that.")
            : TypedResults.Ok(new JsonObject { ["requeued"] = requeued }),
    };

    /// <summary>Sends the update, marked [Test], to one person (the writer) before it goes to everyone.</summary>
    static async Task<Results<Accepted<JsonObject>, ValidationProblem, ProblemHttpResult>> TestSend(
        string id, TestSendRequest request, UpdateStore store, UpdateSender sender, IAuthorizationService authorization, HttpContext http)
    {
        if (store.Find(id) is not { } update) return NotFound(id);
        if (await PartnerLeadCohort.RefusalAsync(authorization, http.User, PartnerLeadCohort.TestSend, update, request.PersonId) is { } refused) return refused;
        if (string.IsNullOrWhiteSpace(request.PersonId))
            return InvalidInput.Field("personId", "personId: give the id of the person to send the test to (from GET /api/admin/people), someone linked in Teams or Slack.");
        // The same press again (its answer lost, pressed once more) is the same test: the person gets one copy.
        if (RetryKey.Of(http.Request, AdminClaims.PersonId(http.User), "update-test") is not { Bad: false } press) return RetryKey.BadKey("Nothing was sent.");
        return sender.TestSend(id, request.PersonId ?? "", press.Id) switch
        {
            TestSendResult.Queued => TypedResults.Accepted((string?)null, new JsonObject { ["queued"] = true }),
            TestSendResult.NoUpdate => NotFound(id),
            TestSendResult.Recalled => Recalled(),
            _ => InvalidInput.Field("personId", $"'{request.PersonId}' is not a person HitBot can reach in chat (unknown, opted out, or not linked to Teams or Slack yet)."),
        };
    }

    /// <summary>Sends the update by itself: once at a time, or every week in a slot (program time zone).</summary>
    static Results<Ok<Update>, ValidationProblem, ProblemHttpResult> Schedule(
        string id, ScheduleRequest request, UpdateScheduling scheduling, UpdateStore store, SeriesStore series, AudienceResolver audiences)
    {
        if (store.Find(id) is { RecalledAt: not null }) return Recalled();
        if (store.Find(id) is { SentAt: null } draft && audiences.UnknownPlaces(draft.Audience).FirstOrDefault() is { } unknown) return UnknownPlace("scheduled", unknown);
        // The series sends it at its slot: a schedule of its own as well sent it twice, and a weekly one every week after.
        if (store.Find(id) is { Status: UpdateStatus.Draft, SeriesId: { } queuedIn })
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title:
                $"This draft is queued in the series '{series.Find(queuedIn)?.Name ?? queuedIn}', which sends it at its slot. " +
                "Take it out of the series first to send it at a time of its own. Nothing was scheduled.");
        var (update, problems) = scheduling.Set(id, request);
        if (update is not null) return TypedResults.Ok(update);
        return problems.Count == 0
            ? NotFound(id)
            : InvalidInput.Fields("The schedule was not saved: fix the fields listed in 'errors'.", problems);
    }

    /// <summary>A site or partner the roster does not have (<see cref="AudienceResolver.UnknownPlaces"/>): said without its field name.</summary>
    static ProblemHttpResult UnknownPlace(string done, string unknown) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
        title: $"Nothing was {done}: {unknown[(unknown.IndexOf(':', StringComparison.Ordinal) + 2)..]} Correct the audience; the draft can still be edited.");

    static ProblemHttpResult Recalled() => TypedResults.Problem(
        title: "This update was recalled, so it is not sent again: duplicate it to write a new one.", statusCode: StatusCodes.Status409Conflict);

    static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(title: $"There is no update '{id}'.", statusCode: StatusCodes.Status404NotFound);
}

public sealed record UpdateWithReport(Update Update, UpdateReport Report)
{
    /// <summary>The program calendar's pause the next scheduled occurrence falls in (skipped or moved, and when it goes instead), or null.</summary>
    public HeldAhead? NextHeld { get; init; }
}

public sealed record TestSendRequest(string? PersonId);
