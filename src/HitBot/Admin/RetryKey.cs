using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Admin;

/// <summary>
/// The optional <c>Idempotency-Key</c> header of a request that creates or sends something: the same key from the same
/// person does it once however many times the request comes (an answer lost to a dropped network or a proxy's 502, then
/// pressed again). The key names what the first request made, so nothing new is stored to remember it.
/// </summary>
static class RetryKey
{
    public const string Header = "Idempotency-Key";
    const int MaxKey = 100;

    /// <summary>What the header asks for: no key (do it anew), a key that is no key (refuse), or the id the key names.</summary>
    public readonly record struct Read(bool Bad, string? Id);

    /// <param name="purpose">What is made ("update-draft", "survey"...): one key pressed on two forms makes two things, not one.</param>
    public static Read Of(HttpRequest request, string? personId, string purpose)
    {
        if (!request.Headers.TryGetValue(Header, out var values)) return new(false, null);
        var key = values.ToString();
        if (values.Count != 1 || key.Length is 0 or > MaxKey || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return new(true, null);
        // Keyed by the sender too: the same key from two people is two things, and neither can reach the other's.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{purpose}\n{personId}\n{key}"));
        return new(false, Convert.ToHexStringLower(hash)[..12]);
    }

    public static ValidationProblem BadKey(string nothingDone) => InvalidInput.Field(Header,
        $"{Header}: at most {MaxKey} letters, digits, '-' or '_', sent once; or leave the header out. {nothingDone}");
}
