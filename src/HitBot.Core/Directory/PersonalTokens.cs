using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Storage;

namespace HitBot.Core.Directory;

/// <summary>A personal admin API token, stored only as its SHA-256 (the token itself is shown once, when issued).</summary>
public sealed record PersonalToken
{
    public string Id { get; init; } = "";
    public string PersonId { get; init; } = "";
    public DateTime CreatedAt { get; init; }
}

/// <summary>
/// Personal tokens let a partner lead use the admin API as themselves, limited to their own cohort, where the shared
/// admin token would give them everything. One per person: issuing a new one revokes the old.
/// </summary>
public sealed class PersonalTokens(HitBotDb db, TimeProvider time)
{
    public const string Collection = "personal_tokens";
    public const string Prefix = "hbp_";

    LiteDB.ILiteCollection<PersonalToken> Tokens => db.Collection<PersonalToken>(Collection);

    /// <summary>A new token for the person, replacing theirs, with the issue time stored (the one its lifetime counts from).</summary>
    public IssuedToken Issue(string personId)
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        // Whole milliseconds, as LiteDB keeps a date: the answer's expiry is then the one the lifetime check reads back.
        var now = time.GetUtcNow().UtcDateTime;
        var issuedAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        db.InTransaction(() =>
        {
            // The erasure revokes tokens once, in its first commit: one issued after would open the API for nobody, for good.
            db.Erased.ThrowIfAny(personId);
            Tokens.DeleteMany(t => t.PersonId == personId);
            Tokens.Insert(new PersonalToken { Id = Hash(token), PersonId = personId, CreatedAt = issuedAt });
            return 0;
        });
        return new IssuedToken(token, issuedAt);
    }

    public int Revoke(string personId) => Tokens.DeleteMany(t => t.PersonId == personId);

    /// <summary>When the person's token was issued; null when they have none. For their data export: never the token or its hash.</summary>
    public DateTime? IssuedAt(string personId) => Tokens.FindOne(t => t.PersonId == personId)?.CreatedAt;

    /// <summary>The person a token belongs to, or null. Only hashes are compared, so the stored value cannot be replayed.</summary>
    public string? PersonIdFor(string token) =>
        token.StartsWith(Prefix, StringComparison.Ordinal) ? Tokens.FindById(Hash(token))?.PersonId : null;

    /// <summary>The current token with this hash (whose, and when it was issued, for its lifetime), or null.</summary>
    public PersonalToken? ForHash(string hash) => Tokens.FindById(hash);

    /// <summary>When each of these people's token was issued (people without one are left out): one read for a page of people.</summary>
    public Dictionary<string, DateTime> IssuedAt(IReadOnlyCollection<string> personIds)
    {
        var wanted = personIds.ToHashSet(StringComparer.Ordinal);
        // Tokens are few (staff only), so reading them all beats a query per person on the page.
        return Tokens.FindAll().Where(t => wanted.Contains(t.PersonId)).ToDictionary(t => t.PersonId, t => t.CreatedAt, StringComparer.Ordinal);
    }

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

/// <summary>A token just issued (shown once) and the time stored with it.</summary>
public sealed record IssuedToken(string Token, DateTime IssuedAt);
