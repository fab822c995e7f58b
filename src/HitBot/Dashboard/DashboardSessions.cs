using System.Security.Cryptography;
using System.Text;
using HitBot.Admin;
using HitBot.Core.Storage;

namespace HitBot.Dashboard;

/// <summary>One signed-in browser. The row holds a hash of the session id, never the id itself.</summary>
public sealed record DashboardSessionRow
{
    public string Id { get; init; } = "";
    public string CredentialHash { get; init; } = "";
    public string? PersonId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset LastSeenAt { get; init; }
}

/// <summary>
/// Server-side dashboard sessions: the encrypted cookie only names a session, and the session must still be here. So
/// signing out, changing the admin token or 8 idle hours end it for good, even for a copy of the cookie saved earlier.
/// </summary>
public sealed class DashboardSessions(HitBotDb db, TimeProvider time)
{
    public const string Collection = "dashboard_sessions";

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
            Id = Hash(id), CredentialHash = credential.Hash, PersonId = credential.PersonId, CreatedAt = now, LastSeenAt = now,
        });
        return id;
    }

    /// <summary>True when the session exists, belongs to this credential and was used within the idle limit; marks it used.</summary>
    public bool Use(string id, AdminCredential credential)
    {
        var key = Hash(id);
        if (Rows.FindById(key) is not { } row || row.CredentialHash != credential.Hash || row.PersonId != credential.PersonId)
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

    /// <summary>Ends every session a person's token opened (they were erased).</summary>
    public int EndFor(string personId) => Rows.DeleteMany(r => r.PersonId == personId);

    /// <summary>Drops sessions idle past the limit and those of credentials no longer valid (run at start-up).</summary>
    public int Prune(Func<DashboardSessionRow, bool> credentialStillValid)
    {
        var cutoff = time.GetUtcNow() - DashboardSession.Lifetime;
        var stale = Rows.FindAll().Where(r => r.LastSeenAt < cutoff || !credentialStillValid(r)).Select(r => r.Id).ToList();
        foreach (var id in stale) Rows.Delete(id);
        return stale.Count;
    }

    static string Hash(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));
}
