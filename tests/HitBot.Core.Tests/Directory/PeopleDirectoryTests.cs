using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

public sealed class PeopleDirectoryTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    (PeopleDirectory Directory, DirectoryStore Store) Create()
    {
        var store = new DirectoryStore(temp.Db);
        new RosterImport(store, time).Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), false);
        return (new PeopleDirectory(store, time), store);
    }

    static ChannelAddress Teams(string user, string? conversation = null) => new()
    {
        Channel = ChannelKind.Teams, UserId = user, ConversationId = conversation,
        ServiceUrl = "https://smba.trafficmanager.net/amer/", TenantId = "tenant-1", AadObjectId = "aad-" + user,
    };

    [Fact]
    public void A_roster_person_is_linked_by_email_and_found_again_by_their_teams_id()
    {
        var (directory, _) = Create();

        var linked = directory.Link(Teams("29:maya", "a:chat"), "Maya@Example.org");

        Assert.NotNull(linked);
        Assert.Equal("Maya Lopez", directory.FindByIdentity(Teams("29:maya"))?.Name);
    }

    [Fact]
    public void Linking_a_chat_again_keeps_the_first_linked_chat_first_so_updates_keep_going_there()
    {
        var (directory, _) = Create();
        directory.Link(Teams("29:maya", "a:chat"), "maya@example.org");
        directory.Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1MAYA" }, "maya@example.org");

        var relinked = directory.Link(Teams("29:maya", "a:new-chat"), "maya@example.org");

        Assert.Equal([ChannelKind.Teams, ChannelKind.Slack], relinked!.Identities.Select(i => i.Channel));
        Assert.Equal("a:new-chat", relinked.Identities[0].ConversationId);
    }

    [Fact]
    public void A_user_of_another_tenant_with_the_same_email_does_not_take_over_a_linked_person()
    {
        var (directory, _) = Create();
        directory.Link(Teams("29:maya", "a:chat"), "maya@example.org");

        var stranger = directory.Link(Teams("29:stranger", "a:other") with { TenantId = "tenant-2" }, "maya@example.org");

        Assert.Null(stranger);
        Assert.Equal("29:maya", directory.FindByIdentity(Teams("29:maya"))?.IdentityOn(ChannelKind.Teams)?.UserId);
        Assert.Null(directory.FindByIdentity(Teams("29:stranger") with { TenantId = "tenant-2" }));
    }

    [Fact]
    public void Someone_not_on_the_roster_stays_unknown()
    {
        var (directory, store) = Create();

        var linked = directory.Link(Teams("29:stranger"), "stranger@example.org");

        Assert.Null(linked);
        Assert.Empty(store.All().SelectMany(p => p.Identities));
    }

    [Fact]
    public void A_later_message_without_a_conversation_keeps_the_known_one()
    {
        var (directory, _) = Create();
        directory.Link(Teams("29:maya", "a:chat"), "maya@example.org");

        directory.Link(Teams("29:maya"), null);

        Assert.Equal("a:chat", directory.FindByIdentity(Teams("29:maya"))?.IdentityOn(ChannelKind.Teams)?.ConversationId);
    }

    [Fact]
    public void Uninstalling_forgets_the_identity_but_keeps_the_person()
    {
        var (directory, store) = Create();
        directory.Link(Teams("29:maya", "a:chat"), "maya@example.org");

        directory.Unlink(Teams("29:maya"));

        Assert.Null(directory.FindByIdentity(Teams("29:maya")));
        Assert.Empty(Assert.Single(store.All()).Identities);
    }

    [Fact]
    public void A_conversation_opened_for_a_proactive_message_is_remembered()
    {
        var (directory, _) = Create();
        var maya = Assert.IsType<Person>(directory.Link(Teams("29:maya"), "maya@example.org"));

        directory.RememberConversation(maya.Id, Teams("29:maya"), "a:new-chat");

        Assert.Equal("a:new-chat", directory.Find(maya.Id)?.IdentityOn(ChannelKind.Teams)?.ConversationId);
    }

    public void Dispose() => temp.Dispose();

    [Fact]
    public void A_time_zone_from_chat_is_kept_only_when_the_roster_gave_none()
    {
        var (directory, store) = Create();
        var maya = Assert.IsType<Person>(store.FindByEmail("maya@example.org"));

        directory.AdoptTimeZone(maya.Id, "America/Denver");
        directory.AdoptTimeZone(maya.Id, "Europe/Paris");

        Assert.Equal("America/Denver", store.Find(maya.Id)?.TimeZone);
    }

    [Fact]
    public void A_time_zone_this_machine_does_not_know_is_ignored()
    {
        var (directory, store) = Create();
        var maya = Assert.IsType<Person>(store.FindByEmail("maya@example.org"));

        directory.AdoptTimeZone(maya.Id, "Mars/Olympus_Mons");

        Assert.Null(store.Find(maya.Id)?.TimeZone);
    }

    [Fact]
    public void A_sender_looked_up_before_a_roster_change_is_seen_with_the_change()
    {
        var (directory, store) = Create();
        directory.Link(Teams("29:maya", "a:chat"), "maya@example.org");
        Assert.Equal("Maya Lopez", directory.FindByIdentity(Teams("29:maya"))?.Name);

        new RosterImport(store, time).Import(new StringReader("name,email,role\nMaya Lopez-Grant,maya@example.org,tutor\n"), false);

        Assert.Equal("Maya Lopez-Grant", directory.FindByIdentity(Teams("29:maya"))?.Name);
    }

    [Fact]
    public void A_person_removed_in_a_larger_transaction_is_not_found_once_it_commits_even_if_read_meanwhile()
    {
        var (directory, store) = Create();
        var maya = Assert.IsType<Person>(directory.Link(Teams("29:maya", "a:chat"), "maya@example.org"));

        temp.Db.InTransaction(() =>
        {
            store.Delete(maya.Id);
            // Another request reads her before the commit: it sees the committed (old) document. On a thread of its own
            // (LongRunning): queued on a thread pool that the other tests keep busy, the read waited for a thread, not for the
            // writer, and a busy machine ran past the guard. A read that did wait for the writer would never end, so the
            // guard only has to be generous.
            var meanwhile = Task.Factory.StartNew(() => directory.FindByIdentity(Teams("29:maya")), TestContext.Current.CancellationToken,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            Assert.True(meanwhile.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "a read must not wait for the writer");
            Assert.NotNull(meanwhile.Result);
            return true;
        });

        Assert.Null(directory.FindByIdentity(Teams("29:maya")));
        Assert.Null(store.Find(maya.Id));
    }
}
