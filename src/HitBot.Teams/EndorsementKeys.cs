using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace HitBot.Teams;

/// <summary>
/// The Bot Framework key set read as plain JSON, because ConfigurationManager drops each key's <c>endorsements</c>
/// (protocols.md §2.4). Kept for 24 hours (§2.1 #4); a forced refresh for an unknown kid runs at most once per
/// five minutes, so a stream of made-up kids costs one fetch, not one per request.
/// </summary>
sealed class EndorsementKeys(IDocumentRetriever documents, TimeProvider time, ILogger logger) : IDisposable
{
    static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);
    static readonly TimeSpan MinForcedRefreshInterval = TimeSpan.FromMinutes(5);
    static readonly TimeSpan RetryAfterFailure = TimeSpan.FromMinutes(5);

    readonly SemaphoreSlim gate = new(1, 1);
    volatile EndorsedKeySet? current;
    DateTimeOffset? lastForcedRefresh;

    /// <summary>The cached set, fetched when missing, older than a day or from another <c>jwks_uri</c>; null when never fetched.</summary>
    public async Task<EndorsedKeySet?> GetAsync(string jwksUri, CancellationToken ct)
    {
        if (IsFresh(current, jwksUri) is { } fresh) return fresh;
        await gate.WaitAsync(ct);
        try
        {
            return IsFresh(current, jwksUri) ?? (current = await FetchAsync(jwksUri, ct));
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Fetches again now, unless a forced refresh already ran in the last five minutes (then null).</summary>
    public async Task<EndorsedKeySet?> TryRefreshAsync(string jwksUri, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            var now = time.GetUtcNow();
            if (lastForcedRefresh is { } last && now - last < MinForcedRefreshInterval) return null;
            lastForcedRefresh = now;
            return current = await FetchAsync(jwksUri, ct);
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    EndorsedKeySet? IsFresh(EndorsedKeySet? set, string jwksUri) =>
        set is not null && set.JwksUri == jwksUri && time.GetUtcNow() < set.RefreshAfter ? set : null;

    async Task<EndorsedKeySet?> FetchAsync(string jwksUri, CancellationToken ct)
    {
        try
        {
            var json = await documents.GetDocumentAsync(jwksUri, ct);
            return EndorsedKeySet.Parse(jwksUri, json, time.GetUtcNow() + Lifetime);
        }
        catch (Exception e) when (e is IOException or JsonException or ArgumentException)
        {
            AuthLog.KeysUnavailable(logger, e, jwksUri);
            // Yesterday's keys beat no keys; try again in a few minutes rather than on every request.
            return current is { } stale ? stale with { RefreshAfter = time.GetUtcNow() + RetryAfterFailure } : null;
        }
    }
}

/// <summary>One fetch of the key set: kid → endorsements (channel ids), and the keys themselves.</summary>
sealed record EndorsedKeySet(string JwksUri, IReadOnlyDictionary<string, string[]> Endorsements, IList<SecurityKey> SigningKeys, DateTimeOffset RefreshAfter)
{
    public bool Knows(string keyId) => Endorsements.ContainsKey(keyId);

    public bool Endorses(string keyId, string channelId) =>
        Endorsements.TryGetValue(keyId, out var channels) && channels.Contains(channelId, StringComparer.Ordinal);

    public static EndorsedKeySet Parse(string jwksUri, string json, DateTimeOffset refreshAfter)
    {
        var document = JsonSerializer.Deserialize<JwksDocument>(json) ?? new JwksDocument(null);
        var endorsements = (document.Keys ?? [])
            .Where(k => k.Kid is { Length: > 0 })
            .GroupBy(k => k.Kid ?? "", StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(k => k.Endorsements ?? []).ToArray(), StringComparer.Ordinal);
        return new(jwksUri, endorsements, new JsonWebKeySet(json).GetSigningKeys(), refreshAfter);
    }

    sealed record JwksDocument([property: JsonPropertyName("keys")] List<JwksKey>? Keys);

    sealed record JwksKey(
        [property: JsonPropertyName("kid")] string? Kid,
        [property: JsonPropertyName("endorsements")] List<string>? Endorsements);
}
