using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;

namespace HitBot.Core.Tests.Erasure.NameAudits;

/// <summary>
/// People with names no other text contains (the audit matches names as substrings, as the erasure does), and the switch
/// that turns the outbox's name audit on for a test's database.
/// </summary>
internal static class AuditedPeople
{
    /// <summary>Turns the audit on: every row queued from now on is checked against the directory as it is at that moment.</summary>
    public static NameAudit Audit(TempDb temp) => Audit(temp.Db);

    public static NameAudit Audit(HitBotDb db)
    {
        var directory = new DirectoryStore(db);
        var audit = new NameAudit(() => directory.Everyone().Select(p => (p.Id, p.Name, p.Email)));
        db.NameAudit = audit;
        return audit;
    }

    /// <summary>No undeclared name, and at least one declared name seen, so a flow that named nobody cannot pass.</summary>
    public static void AssertAllDeclared(NameAudit audit)
    {
        Assert.Empty(audit.Undeclared);
        Assert.True(audit.DeclaredSeen > 0, "the flow queued no message naming anyone: the audit checked nothing");
    }

    public static ChannelAddress Teams(string id) => new() { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id };

    public static Person Save(DirectoryStore directory, string id, string name, string role, DateTimeOffset now, string? site = null)
    {
        var person = new Person { Id = id, Name = name, Email = $"{name.Replace(' ', '.').ToLowerInvariant()}@district.test", Site = site, Roles = [role] }
            .WithIdentity(Teams(id), now);
        directory.Save(person);
        return person;
    }
}
