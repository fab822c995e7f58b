using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Teams;
using HitBot.Teams.Schema;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Teams.Tests;

public sealed class TeamsResponderTests
{
    static readonly ChannelAddress Lena = new() { Channel = ChannelKind.Teams, UserId = "29:lena", ConversationId = "a:lena" };

    /// <summary>
    /// An answer naming someone (the feedback inbox's writers) is queued declaring them, so the outbox refuses it if they are
    /// erased before it goes: a reply, an update and a notice alike, from a message or an invoke.
    /// </summary>
    [Fact]
    public void Every_row_queued_for_an_answer_declares_the_people_it_names()
    {
        var responder = new TeamsResponder(new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 17, 0, 0, TimeSpan.Zero)));
        var result = new InteractionResult(UpdatedCard: Message.Text("Inbox"), Reply: Message.Text("Maya Lopez wrote"), Notice: "Done") { Names = ["maya"] };
        var interaction = new Interaction { Verb = Interaction.CommandVerb, From = Lena, SourceMessageId = "m1" };
        var activity = new Activity { Id = "act1", Conversation = new ConversationAccount { Id = "a:lena" } };
        var queue = new List<Delivery>();

        responder.AfterMessage(activity, interaction, result, queue);
        responder.AfterInvoke(activity with { Id = "act2" }, interaction, result, queue);

        Assert.Equal(6, queue.Count);
        Assert.All(queue, row => Assert.Equal(["maya"], row.Names));
    }
}
