using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Hosting;
using Microsoft.Extensions.Options;

namespace HitBot.Admin;

/// <summary>
/// What a caller proved: the shared admin token (no person) or a person's own token, kept as a hash so a dashboard
/// session can hold it and be ended by changing the admin token or revoking the personal one.
/// </summary>
public sealed record AdminCredential(string? PersonId, string Hash);

/// <summary>A token that is a real one: the credential it proves, or (a personal token past its lifetime) when it expired, in UTC.</summary>
public sealed record TokenCheck(AdminCredential? Credential, DateTime? ExpiredAt);

/// <summary>Checks admin tokens and says which roles their holder has: one rule for bearer calls and dashboard sessions.</summary>
public sealed class AdminIdentity(IOptions<AdminOptions> options, PersonalTokens personal, DirectoryStore directory, TimeProvider time, ProgramClock clock)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// What a token proves: a credential, or (a personal token past its lifetime) when it expired; null for a wrong token.
    /// An expired token is a real one, so it is not counted as a guess and its holder is told why it no longer works.
    /// </summary>
    public TokenCheck? Check(string token)
    {
        if (!Enabled || token.Length == 0) return null;
        if (SameText(token, options.Value.Token)) return new TokenCheck(new AdminCredential(null, AdminHash()), null);
        if (!token.StartsWith(PersonalTokens.Prefix, StringComparison.Ordinal)) return null;
        var hash = PersonalTokens.Hash(token);
        if (personal.ForHash(hash) is not { } stored) return null;
        return ExpiredAt(stored) is { } expired ? new TokenCheck(null, expired) : new TokenCheck(new AdminCredential(stored.PersonId, hash), null);
    }

    /// <summary>False once the admin token changed or the personal token was revoked, replaced or reached the end of its lifetime.</summary>
    public bool StillValid(AdminCredential credential) =>
        Enabled && (credential.PersonId is null
            ? SameText(credential.Hash, AdminHash())
            : personal.ForHash(credential.Hash) is { } stored && stored.PersonId == credential.PersonId && ExpiredAt(stored) is null);

    /// <summary>When a personal token issued at <paramref name="issuedAt"/> stops working, or null under <c>PersonalTokenDays=0</c>.</summary>
    public DateTime? ExpiresAt(DateTime issuedAt) => options.Value.PersonalTokenExpiresAt(issuedAt);

    /// <summary>When this token stopped working, or null while it still works.</summary>
    DateTime? ExpiredAt(PersonalToken token) => ExpiredAt(token.CreatedAt);

    /// <summary>
    /// When a personal token issued at <paramref name="issuedAt"/> stopped working by HitBot's clock, or null while it still
    /// works: the one rule for sign-in and for the People page's "expired".
    /// </summary>
    public DateTime? ExpiredAt(DateTime issuedAt) =>
        ExpiresAt(issuedAt) is { } end && time.GetUtcNow().UtcDateTime >= end ? end : null;

    /// <summary>What the API's 401 and the sign-in form say to the holder of an expired token: the day, in the program's calendar, and what to do.</summary>
    public string ExpiredMessage(DateTime expiredAt) =>
        $"This personal token expired on {TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(expiredAt, DateTimeKind.Utc), clock.Zone).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}: " +
        "ask the central team for a new one.";

    /// <summary>
    /// What the holder may do, as <see cref="AdminRoles"/>: the shared admin token and central team members are the
    /// central team (and need nothing else); otherwise a partner lead, a site champion, both, or nothing (a token whose
    /// holder lost their role, or left the roster, opens nothing).
    /// </summary>
    public IReadOnlyList<string> RolesOf(AdminCredential credential) =>
        credential.PersonId is null ? [AdminRoles.CentralTeam]
        : directory.Find(credential.PersonId) is { } person ? RolesOf(person)
        : [];

    /// <summary>The admin roles a person's personal token gives them: the words of its scope.</summary>
    public static IReadOnlyList<string> RolesOf(Person person)
    {
        if (person.HasRole(Roles.CentralTeam)) return [AdminRoles.CentralTeam];
        var roles = new List<string>();
        if (UpdatePosting.IsPartnerLead(person)) roles.Add(AdminRoles.PartnerLead);
        if (IsSiteChampion(person)) roles.Add(AdminRoles.SiteChampion);
        return roles;
    }

    /// <summary>The person behind a personal token (null for the shared admin token or a person no longer on the roster).</summary>
    public Person? Holder(AdminCredential credential) => credential.PersonId is { } id ? directory.Find(id) : null;

    /// <summary>A site champion with a site on the roster who is not also on the central team (who sees every site anyway).</summary>
    public static bool IsSiteChampion(Person person) =>
        person.HasRole(Roles.SiteChampion) && !person.HasRole(Roles.CentralTeam) && person.Site is { Length: > 0 };

    /// <summary>The name the dashboard shows for the holder.</summary>
    public string DisplayName(AdminCredential credential) =>
        credential.PersonId is { } id ? directory.Find(id)?.Name ?? id : "Central team (admin token)";

    string AdminHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("admin:" + options.Value.Token)));

    static bool SameText(string a, string b) => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
