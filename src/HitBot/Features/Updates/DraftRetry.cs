using System.Security.Cryptography;
using System.Text;
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
    public const string Header = "Idempotency-Key";
    const int MaxKey = 100;

    /// <summary>A new random id without the header; the id the key names with it; null for a key that is no key.</summary>
    public static string? IdFor(HttpRequest request, string? personId)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return Guid.NewGuid().ToString("N")[..12];
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKey || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return null;
        // Keyed by the writer too: the same key from two people is two drafts, and neither can reach the other's.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"update-draft\n{personId}\n{key}"));
        return Convert.ToHexStringLower(hash)[..12];
    }

    public static ValidationProblem BadKey() => InvalidInput.Field(Header,
        $"{Header}: at most {MaxKey} letters, digits, '-' or '_', sent once; or leave the header out. Nothing was saved.");

    public static ProblemHttpResult KeyTaken() => TypedResults.Problem(
        title: $"This {Header} was used for another update. Send a new key for a new draft. Nothing was saved.",
        statusCode: StatusCodes.Status409Conflict);
}
