using HitBot.Admin;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Feedback;

/// <summary>
/// Removing the words of a feedback item and its replies (a tutor named a student in them): the central team's only, since
/// it cannot be undone. The item stays, with who removed them, when, and why.
/// </summary>
public static class FeedbackWordRemovalEndpoints
{
    public static RouteGroupBuilder MapFeedbackWordRemoval(this RouteGroupBuilder centralTeam)
    {
        centralTeam.MapPost("/feedback/{id}/redact", Remove);
        return centralTeam;
    }

    /// <summary>The body is optional: <c>{"note": "…"}</c> says why, for the record. Asked again, the item is answered as the first removal left it.</summary>
    static Results<Ok<FeedbackView>, ValidationProblem, ProblemHttpResult> Remove(string id, RemoveWordsRequest? request, HttpContext http,
        FeedbackWordRemoval removal, DirectoryStore directory, UpdateStore updates, OutboxStore outbox)
    {
        var (outcome, item) = removal.Remove(id, AdminClaims.PersonId(http.User), request?.Note);
        return outcome switch
        {
            WordRemovalOutcome.Removed when item is not null => TypedResults.Ok(FeedbackView.Of(item, directory, updates, outbox)),
            WordRemovalOutcome.NoteTooLong => InvalidInput.Field("note", $"note: at most {FeedbackWordRemoval.MaxNote} characters; nothing was removed."),
            _ => FeedbackEndpoints.NotFound(id),
        };
    }
}

public sealed record RemoveWordsRequest(string? Note);
