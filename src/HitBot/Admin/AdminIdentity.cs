using System.Security.Cryptography;
using System.Text;
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

/// <summary>Checks admin tokens and says which roles their holder has: one rule for bearer calls and dashboard sessions.</summary>
public sealed class AdminIdentity(IOptions<AdminOptions> options, PersonalTokens personal, DirectoryStore directory)
{
    public bool Enabled => options.Value.Enabled;

    /// <summary>The credential a token proves, or null for a wrong one.</summary>
    public AdminCredential? Check(string token)
    {
        if (!Enabled || token.Length == 0) return null;
        if (SameText(token, options.Value.Token)) return new AdminCredential(null, AdminHash());
        var hash = PersonalTokens.Hash(token);
        return token.StartsWith(PersonalTokens.Prefix, StringComparison.Ordinal) && personal.PersonIdForHash(hash) is { } id
            ? new AdminCredential(id, hash) : null;
    }

    /// <summary>False once the admin token changed or the personal token was revoked or replaced.</summary>
    public bool StillValid(AdminCredential credential) =>
        Enabled && (credential.PersonId is null
            ? SameText(credential.Hash, AdminHash())
            : personal.PersonIdForHash(credential.Hash) == credential.PersonId);

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
