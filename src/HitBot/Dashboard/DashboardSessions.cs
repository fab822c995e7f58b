using System.Security.Cryptography;
using System.Text;
using HitBot.Admin;
using HitBot.Core.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace HitBot.Dashboard;

/// <summary>One signed-in browser. The row holds a hash of the session id, never the id itself.</summary>
public sealed record DashboardSessionRow
{
    public string Id { get; init; } = "";
    /// <summary>The credential's hash, encrypted with the data-protection keys (rows written before: the hash itself).</summary>
    public string CredentialHash { get; init; } = "";
    public string? PersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
}

/// <summary>
/// Server-side dashboard sessions: the encrypted cookie only names a session, and the session must still be here. So
/// signing out, changing the admin token or 8 idle hours end it for good, even for a copy of the cookie saved earlier.
/// </summary>
public sealed class DashboardSessions(HitBotDb db, TimeProvider time, IDataProtectionProvider protection)
{
    public const string Collection = "dashboard_sessions";

    /// <summary>
    /// The credential's hash is kept encrypted with the data-protection keys, which live outside the database: as a plain
    /// SHA-256 of the admin token, every backup taken while someone was signed in let whoever held it test guesses of the
    /// token offline, past the ten-a-minute limit.
    /// </summary>
    readonly IDataProtector credentials = protection.CreateProtector("HitBot.DashboardSessions.Credential");

    /// <summary>Last-seen writes are coarse: one per minute per session is enough for an 8-hour idle limit.</summary>
    static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    LiteDB.ILiteCollection<DashboardSessionRow> Rows => db.Collection<DashboardSessionRow>(Collection);

    /// <summary>A new session for this credential; the returned id goes into the cookie only.</summary>
    public string Start(AdminCredential credential)
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        Rows.Insert(new DashboardSessionRow
        {
            Id = Hash(id), CredentialHash = credentials.Protect(credential.Hash), PersonId = credential.PersonId, CreatedAt = now, LastSeenAt = now,
        });
        return id;
    }

    /// <summary>True when the session exists, belongs to this credential and was used within the idle limit; marks it used.</summary>
    public bool Use(string id, AdminCredential credential)
    {
        var key = Hash(id);
        if (Rows.FindById(key) is not { } row || CredentialOf(row) != credential.Hash || row.PersonId != credential.PersonId)
            return false;
        var now = time.GetUtcNow();
        if (now - row.LastSeenAt > DashboardSession.Lifetime)
        {
            Rows.Delete(key);
            return false;
        }
        if (now - row.LastSeenAt >= TouchEvery) Rows.Update(row with { LastSeenAt = now });
        return true;
    }

    public void End(string id) => Rows.Delete(Hash(id));

    /// <summary>The sessions a person's token has open, when each began and was last used: for their data export.</summary>
    public List<Core.PersonData.DashboardSignIn> Of(string personId) =>
        [.. Rows.Find(r => r.PersonId == personId).OrderBy(r => r.CreatedAt).Select(r => new Core.PersonData.DashboardSignIn(r.CreatedAt, r.LastSeenAt))];

    /// <summary>Ends every session a person's token opened (they were erased).</summary>
    public int EndFor(string personId) => Rows.DeleteMany(r => r.PersonId == personId);

    /// <summary>Drops sessions idle past the limit and those of credentials no longer valid or no longer readable (run at start-up).</summary>
    public int Prune(Func<AdminCredential, bool> credentialStillValid)
    {
        var cutoff = time.GetUtcNow() - DashboardSession.Lifetime;
        var stale = Rows.FindAll()
            .Where(r => r.LastSeenAt < cutoff || CredentialOf(r) is not { } hash || !credentialStillValid(new AdminCredential(r.PersonId, hash)))
            .Select(r => r.Id).ToList();
        foreach (var id in stale) Rows.Delete(id);
        return stale.Count;
    }

    /// <summary>The credential hash a row was opened with; null when the data-protection keys that encrypted it are gone.</summary>
    string? CredentialOf(DashboardSessionRow row)
    {
        // Written before the hash was encrypted: the hash itself, as 64 hex digits. Such rows end with their 8 idle hours.
        if (row.CredentialHash.Length == 64 && row.CredentialHash.All(char.IsAsciiHexDigitLower)) return row.CredentialHash;
        try
        {
            return credentials.Unprotect(row.CredentialHash);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            return null;
        }
    }

    static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
