using HitBot.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Features.Updates;

/// <summary>
/// A new draft's optional <c>Idempotency-Key</c> header: the same key from the same person saves one draft however many
/// times it is sent. The dashboard sends one per draft being written, so a Save whose answer never came (the network
/// dropped, a proxy answered 502 while HitBot had saved it) can simply be pressed again. The key names the draft's id, so
/// nothing new is stored.
/// </summary>
static class DraftRetry
{
    public const string Header = RetryKey.Header;

    /// <summary>A new random id without the header; the id the key names with it; null for a key that is no key.</summary>
    public static string? IdFor(HttpRequest request, string? personId) => RetryKey.Of(request, personId, "update-draft") switch
    {
        { Bad: true } => null,
        { Id: { } id } => id,
        _ => Guid.NewGuid().ToString("N")[..12],
    };

    public static ValidationProblem BadKey() => RetryKey.BadKey("Nothing was saved.");

    public static ProblemHttpResult KeyTaken() => TypedResults.Problem(
        title: $"This {Header} was used for another update. Send a new key for a new draft. Nothing was saved.",
        statusCode: StatusCodes.Status409Conflict);
}
