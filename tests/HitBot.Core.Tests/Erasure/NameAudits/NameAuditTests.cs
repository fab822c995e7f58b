using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Directory;
using static HitBot.Core.Tests.Erasure.NameAudits.AuditedPeople;

namespace HitBot.Core.Tests.Erasure.NameAudits;

/// <summary>What the outbox's name audit counts as undeclared, on rows queued by hand.</summary>
public sealed class NameAuditTests : IDisposable
{
    readonly TempDb temp = new();
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    readonly OutboxStore outbox;
    readonly NameAudit audit;

    public NameAuditTests()
    {
        var directory = new DirectoryStore(temp.Db);
        Save(directory, "zelda", "Zelda Quill", Roles.Tutor, Now);
        Save(directory, "otto", "Otto Brindle", Roles.CentralTeam, Now);
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        audit = Audit(temp);
    }

    [Fact]
    public void A_row_showing_another_persons_name_without_declaring_it_is_recorded()
    {
        outbox.TryEnqueue(Delivery.Send("k1", "c", "otto", Teams("otto"), Message.Text("Zelda Quill is at risk"), Now));

        Assert.Equal(["c / " + Delivery.KeyFor("k1") + " names zelda undeclared"], audit.Undeclared);
    }

    [Fact]
    public void An_e_mail_counts_as_a_name_and_a_shared_message_of_a_fan_out_is_read()
    {
        outbox.EnqueueMany([
            Delivery.Send("k1", "c", "otto", Teams("otto"), Message.Text("Ask zelda.quill@district.test"), Now),
            Delivery.Send("k2", "c", null, Teams("room"), Message.Text("Ask zelda.quill@district.test"), Now)]);

        Assert.Equal(2, audit.Undeclared.Count);
    }

    [Fact]
    public void The_recipients_own_name_a_declared_name_and_a_typed_name_are_not_recorded()
    {
        outbox.TryEnqueue(Delivery.Send("k1", "c", "otto", Teams("otto"), Message.Text("Hi Otto Brindle"), Now));
        outbox.TryEnqueue(Delivery.Send("k2", "c", "otto", Teams("otto"), Message.Text("Zelda Quill is at risk"), Now).Naming(["zelda"]));
        audit.Typed("otto");
        outbox.TryEnqueue(Delivery.Send("k3", "c", "zelda", Teams("zelda"), Message.Text("You wrote: ask Otto Brindle"), Now));

        Assert.Empty(audit.Undeclared);
        Assert.Equal(1, audit.DeclaredSeen);
    }

    [Fact]
    public void Off_by_default()
    {
        using var other = new TempDb();

        Assert.Null(other.Db.NameAudit);
    }

    public void Dispose() => temp.Dispose();
}
