using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// Checks Slack's request signature (protocols.md §6.2): HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> with the
/// signing secret, compared in constant time, and a timestamp within five minutes of our clock either way.
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    const string Version = "v0";
    static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    /// <summary>True only for a correctly signed, fresh request. <paramref name="body"/> is the raw bytes as received.</summary>
    public bool IsValid(string? timestamp, string? signature, ReadOnlySpan<byte> body) =>
        Check(timestamp, signature, body) == SlackSignatureCheck.Valid;

    /// <summary>Why a request is refused (or <see cref="SlackSignatureCheck.Valid"/>), for the log an IT person reads.</summary>
    public SlackSignatureCheck Check(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (CheckHeaders(timestamp, signature) is var headers and not SlackSignatureCheck.Valid) return headers;
        // CheckHeaders refused an empty one; the compiler cannot see that through the call.
        if (string.IsNullOrEmpty(signature)) return SlackSignatureCheck.Missing;
        var secret = options.Value.SigningSecret;

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        var expected = Encoding.ASCII.GetBytes($"{Version}={Convert.ToHexStringLower(hmac.GetHashAndReset())}");
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature))
            ? SlackSignatureCheck.Valid : SlackSignatureCheck.Mismatch;
    }

    /// <summary>
    /// What the headers alone refuse (no signature, a timestamp outside the window, another version), or
    /// <see cref="SlackSignatureCheck.Valid"/> when only the body's HMAC is left to check: the endpoint asks this before it
    /// reads the body, so a request that cannot be Slack's costs no read.
    /// </summary>
    public SlackSignatureCheck CheckHeaders(string? timestamp, string? signature)
    {
        // SlackNet accepts everything when no secret is configured; an empty secret here accepts nothing.
        if (string.IsNullOrEmpty(options.Value.SigningSecret) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
            return SlackSignatureCheck.Missing;

        // Digits only: no sign, spaces or exponent, so the timestamp we check is the one that was signed.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sent)) return SlackSignatureCheck.Missing;
        // A validly signed but old request is a replay; one from the future is as suspect (Bolt-js only checks the past).
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - sent) > (long)MaxSkew.TotalSeconds) return SlackSignatureCheck.OutsideWindow;

        // Only v0 exists; a request claiming another version is refused rather than guessed at.
        return signature.StartsWith(Version + "=", StringComparison.Ordinal) ? SlackSignatureCheck.Valid : SlackSignatureCheck.Mismatch;
    }

    public bool IsValid(string? timestamp, string? signature, string body) =>
        IsValid(timestamp, signature, Encoding.UTF8.GetBytes(body));
}

public enum SlackSignatureCheck
{
    Valid,
    /// <summary>No timestamp or signature header: not Slack.</summary>
    Missing,
    /// <summary>Signed more than 5 minutes from this machine's clock: a replay, or a clock that is off.</summary>
    OutsideWindow,
    /// <summary>Signed, but not with HitBot:Slack:SigningSecret.</summary>
    Mismatch,
}
