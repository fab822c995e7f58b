using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A tutor who sent anonymous feedback from Teams and then removed HitBot there (the chat is unlinked from her entry), and
/// later asks to be forgotten: the erasure must still forget the chat that feedback came from, which names her.
/// </summary>
public sealed class PersonErasureFormerChatTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 2, 14, 0, 0, TimeSpan.Zero);
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(Now);
    static readonly ChannelAddress Teams = new()
    {
        Channel = ChannelKind.Teams, UserId = "29:rosa", ConversationId = "a:rosa", DisplayName = "Rosa Diaz", AadObjectId = "aad-rosa",
    };
    static readonly ChannelAddress NewTeams = Teams with { UserId = "29:rosa-new", ConversationId = "a:rosa-new", AadObjectId = "aad-rosa-new" };
    static readonly ChannelAddress Slack = new() { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1ROSA", ConversationId = "DROSA" };

    PersonErasureCrashTests.App NewApp() => new(temp);

    Person Rosa(PersonErasureCrashTests.App app)
    {
        app.Directory.Save(new Person { Id = "rosa", Name = "Rosa Diaz", Email = "rosa@example.org", Roles = [Roles.Tutor] });
        var directory = new PeopleDirectory(app.Directory, time);
        directory.Link(Teams, "rosa@example.org");
        return directory.Link(Slack, "rosa@example.org")!;
    }

    List<string> HoldingHer() =>
        [.. temp.Db.AllDocuments().Where(d => d.Json.Contains("rosa", StringComparison.OrdinalIgnoreCase)).Select(d => $"{d.Collection}: {d.Json}")];

    [Fact]
    public void Her_anonymous_feedback_from_a_chat_she_removed_HitBot_from_is_forgotten_with_her()
    {
        var app = NewApp();
        Rosa(app);
        new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, time).Submit("f-anon", "The Friday room is double-booked", anonymous: true, "rosa", Teams, updateId: null);
        new PeopleDirectory(app.Directory, time).Unlink(Teams);

        app.Erasure.Erase("rosa");

        // Its chat is sealed in the file, and the seal goes with her (the chat's keyed hash found it).
        Assert.True(app.Feedback.Find("f-anon") is { ReplyTo: null, SealedReplyTo: null, ReplyToKey: null });
        Assert.Empty(HoldingHer());
        Assert.Equal("The Friday room is double-booked", app.Feedback.Find("f-anon")!.Text);
    }

    [Fact]
    public void Her_anonymous_feedback_from_a_Teams_account_replaced_since_is_forgotten_with_her()
    {
        var app = NewApp();
        Rosa(app);
        new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, time).Submit("f-anon", "The Friday room is double-booked", anonymous: true, "rosa", Teams, updateId: null);
        new PeopleDirectory(app.Directory, time).Link(NewTeams, "rosa@example.org");

        app.Erasure.Erase("rosa");

        // Its chat is sealed in the file, and the seal goes with her (the chat's keyed hash found it).
        Assert.True(app.Feedback.Find("f-anon") is { ReplyTo: null, SealedReplyTo: null, ReplyToKey: null });
        Assert.Empty(HoldingHer());
    }

    public void Dispose() => temp.Dispose();
}
