using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Updates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static HitBot.Core.Tests.Erasure.PersonErasureCrashTests;

namespace HitBot.Core.Tests.Erasure;

/// <summary>
/// A coordinator types "feedback inbox": the answer names each item's writer, read from the directory. Maya, a writer, is
/// erased between that read and the adapter queueing the answer (as a Teams or Slack reply does, through
/// <see cref="InteractionResult.Queued"/>): only the ids the answer declares can keep it from showing her name.
/// </summary>
public sealed class PersonErasureInboxAnswerTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero));
    static readonly ChannelAddress Lena = new() { Channel = ChannelKind.Teams, UserId = "29:lena", ConversationId = "a:lena" };
    static readonly ChannelAddress Maya = new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" };

    [Fact]
    public void The_inbox_answer_naming_her_read_before_her_erasure_and_queued_after_it_is_not_queued()
    {
        var app = new App(temp);
        var lena = new Person { Id = "lena", Name = "Lena Park", Email = "lena@example.org", Roles = [Roles.CentralTeam] }.WithIdentity(Lena, time.GetUtcNow());
        app.Directory.Save(lena);
        app.Directory.Save(new Person { Id = "maya", Name = "Maya Lopez", Email = "maya@example.org", Roles = [Roles.Tutor] }.WithIdentity(Maya, time.GetUtcNow()));
        var inbox = new FeedbackInbox(app.Feedback, app.Outbox, app.Seal, time);
        inbox.Submit("f-maya", "The Tuesday room is double-booked", anonymous: false, "maya", Maya, updateId: null);

        var answer = Router(app, inbox).Handle(new Interaction { Verb = Interaction.CommandVerb, From = Lena, Person = lena, Text = "feedback inbox" });
        Assert.Contains("Maya Lopez", MessageJson.Serialize(answer.Reply!), StringComparison.Ordinal);
        var erased = false;
        // Her whole erasure runs as the answer's queueing commits.
        temp.Db.BeforeEachCommit(() =>
        {
            if (erased) return;
            erased = true;
            app.Erasure.Erase("maya");
        });

        app.Outbox.TryEnqueue(answer.Queued(Delivery.Send("reply:teams:a1", "reply", "lena", Lena, answer.Reply!, time.GetUtcNow())));

        temp.Db.BeforeEachCommit(null);
        Assert.True(erased);
        Assert.Null(app.Outbox.Find("reply:teams:a1"));
        Assert.DoesNotContain(app.Outbox.ClaimDue(time.GetUtcNow(), 100), d => app.Outbox.MessageOf(d) is { } m && MessageJson.Serialize(m).Contains("Maya Lopez", StringComparison.Ordinal));
    }

    InteractionRouter Router(App app, FeedbackInbox inbox)
    {
        var options = Options.Create(new ProgramOptions { TimeZone = "America/Chicago" });
        var clock = new ProgramClock(time, options);
        var budget = new MessageBudget(app.Outbox, clock, options);
        var sender = new UpdateSender(app.Updates, new AudienceResolver(app.Directory), app.Outbox, budget,
            new UpdateDigests(app.Outbox, app.Updates, budget, time), new FeedbackQuestionCounts(app.Feedback), clock, time,
            new ReachFromDeliveries(new PeopleDirectory(app.Directory, time)));
        var routes = new FeedbackRoutes(inbox, app.Feedback, new PeopleDirectory(app.Directory, time), new UpdateTitles(app.Updates, sender), clock, app.AnonymityKey, app.Seal);
        return new InteractionRouter([routes], NullLogger<InteractionRouter>.Instance, temp.Db);
    }

    public void Dispose() => temp.Dispose();
}
