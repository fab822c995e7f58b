using System.Security.Cryptography;
using System.Text;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Hosting;
using Microsoft.Extensions.Options;

namespace HitBot.Endpoints;

/// <summary>
/// What a caller proved: the shared admin token (no person) or a person's own token, kept as a hash so a dashboard
/// session can hold it and be ended by changing the admin token or revoking the personal one.
/// </summary>
public sealed record AdminCredential(string? PersonId, string Hash);

/// <summary>Checks admin tokens and decides what their holder may call: one rule for bearer calls and dashboard sessions.</summary>
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
    /// Who is calling, or the 403 that says why not: central team members get everything, partner leads only the
    /// endpoints that allow them (those check the cohort themselves), site champions only those that allow them (those
    /// cut what they show to the champion's site).
    /// </summary>
    public (AdminCaller? Caller, string? Refusal) Admit(AdminCredential credential, bool partnerLeadsAllowed, bool siteChampionsAllowed)
    {
        if (credential.PersonId is null) return (AdminCaller.CentralTeam, null);
        var person = directory.Find(credential.PersonId);
        if (person?.HasRole(Roles.CentralTeam) == true) return (new AdminCaller(person, AdminRole.CentralTeam), null);
        var lead = person is not null && UpdatePosting.IsPartnerLead(person);
        var champion = person is not null && IsSiteChampion(person);
        if (person is null || (!lead && !champion))
            return (null, "This personal token's holder is no longer a partner lead, a site champion or on the central team.");
        if (lead && partnerLeadsAllowed) return (new AdminCaller(person, AdminRole.PartnerLead), null);
        if (champion && siteChampionsAllowed) return (new AdminCaller(person, AdminRole.SiteChampion), null);
        return (null, lead
            ? "Partner leads can write, preview, test and send updates to their own tutors only."
            : "Site champions can read their own site's results, at-risk lists, action items and updates, and change nothing.");
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
