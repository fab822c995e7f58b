using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Directory;

/// <summary>
/// How many an audience reaches is kept between looks (every tutor is the whole directory), and any change to the
/// directory — a roster import, a person who links their chat or says stop — shows in the very next answer.
/// </summary>
public sealed class AudienceReachKeptTests : IDisposable
{
    static readonly Audience Tutors = new() { Roles = [Roles.Tutor] };
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_person_added_linked_or_opted_out_changes_the_next_answer()
    {
        var store = new DirectoryStore(temp.Db);
        var directory = new PeopleDirectory(store, time);
        var resolver = new AudienceResolver(store);
        new RosterImport(store, time).Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), false);
        var first = resolver.Count(Tutors);

        new RosterImport(store, time).Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,tutor\n"), false);
        var afterImport = resolver.Count(Tutors);
        directory.Link(new ChannelAddress { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1", ConversationId = "D1" }, "sam@example.org");
        var afterLink = resolver.Count(Tutors);
        var linked = resolver.Resolve(Tutors);
        var maya = store.FindByEmail("maya@example.org")!;
        store.Save(maya with { OptedOut = true });
        var afterStop = resolver.Count(Tutors);

        Assert.Equal((1, 0, 1), (first.Matched, first.OptedOut, first.NotInChat));
        Assert.Equal((2, 0, 2), (afterImport.Matched, afterImport.OptedOut, afterImport.NotInChat));
        Assert.Equal((2, 0, 1), (afterLink.Matched, afterLink.OptedOut, afterLink.NotInChat));
        Assert.Equal("Sam Ortiz", Assert.Single(linked.Recipients).Person.Name);
        Assert.Equal((2, 1, 0), (afterStop.Matched, afterStop.OptedOut, afterStop.NotInChat));
    }

    [Fact]
    public void Asking_again_with_nothing_changed_does_not_read_the_directory_again()
    {
        var store = new DirectoryStore(temp.Db);
        var resolver = new AudienceResolver(store);
        new RosterImport(store, time).Import(new StringReader("name,email,role\nMaya Lopez,maya@example.org,tutor\n"), false);
        var first = resolver.Count(Tutors);

        Assert.Same(first, resolver.Count(new Audience { Roles = [Roles.Tutor] }));
        Assert.NotSame(first, resolver.Count(new Audience { Roles = [Roles.Tutor], Sites = ["Lincoln"] }));
    }

    public void Dispose() => temp.Dispose();
}
