using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

public sealed class DispatcherTests : IAsyncDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    readonly string campaign = "newsletter:" + Guid.NewGuid().ToString("N");
    readonly DispatcherUnderTest dispatcher;

    public DispatcherTests() => dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);

    Delivery To(string person, ChannelKind channel = ChannelKind.Teams) => Delivery.Send(
        $"{campaign}:{person}", campaign, null,
        new ChannelAddress { Channel = channel, UserId = "29:" + person, ConversationId = "a:" + person },
        Message.Text($"Hello {person}"), time.GetUtcNow());

    Delivery Queued(Delivery delivery)
    {
        Assert.True(dispatcher.Outbox.TryEnqueue(delivery));
        return delivery;
    }

    [Fact]
    public async Task A_queued_message_is_sent_once_and_marked_sent_with_the_platform_message_id()
    {
        var delivery = Queued(To("maya"));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        var (to, message, sent) = Assert.Single(teams.Sent);
        Assert.Equal("29:maya", to.UserId);
        Assert.Equal("Hello maya", message.Summary);
        var row = dispatcher.Row(delivery.Id);
        Assert.Equal(DeliveryState.Sent, row.State);
        Assert.Equal((sent.ConversationId, sent.MessageId), (row.SentConversationId, row.SentMessageId));
        Assert.Equal(1, row.Attempts);
        Assert.Null(row.LastError);
    }

    [Fact]
    public async Task Queueing_the_same_message_twice_sends_it_once()
    {
        var first = dispatcher.Outbox.TryEnqueue(To("maya"));
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        var second = dispatcher.Outbox.TryEnqueue(To("maya"));
        await dispatcher.IdleAsync();

        Assert.Equal((true, false), (first, second));
        Assert.Single(teams.Sent);
    }

    [Fact]
    public async Task An_update_replaces_the_message_it_names()
    {
        var update = Delivery.Update($"{campaign}:maya:answered", campaign, null,
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" },
            "a:maya", "m-original", Message.Text("Thanks, your answer is saved"), time.GetUtcNow());
        Queued(update);

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        var (_, conversationId, messageId, message) = Assert.Single(teams.Updated);
        Assert.Equal(("a:maya", "m-original", "Thanks, your answer is saved"), (conversationId, messageId, message.Summary));
        Assert.Empty(teams.Sent);
        var row = dispatcher.Row(update.Id);
        Assert.Equal((DeliveryState.Sent, "a:maya", "m-original"), (row.State, row.SentConversationId, row.SentMessageId));
    }

    [Fact]
    public async Task A_delivery_for_a_platform_that_is_not_configured_is_dead_with_a_clear_reason()
    {
        var delivery = Queued(To("maya", ChannelKind.Slack));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        var row = dispatcher.Row(delivery.Id);
        Assert.Equal((DeliveryState.Dead, "The Slack channel is not configured"), (row.State, row.LastError));
        Assert.Equal(0, teams.Calls);
    }

    [Fact]
    public async Task Sends_in_flight_never_exceed_the_configured_concurrency()
    {
        var channel = new RecordingChannel();
        channel.HoldCallsAfter(0);
        await using var limited = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions { Concurrency = 4 }, channel);
        limited.Outbox.EnqueueMany(Enumerable.Range(0, 40).Select(i => To($"tutor-{i}")));
        await limited.StartAsync();
        await channel.HeldAsync(4);

        var claimedWhileHeld = (limited.Outbox.InFlight, limited.Outbox.CountByState()[DeliveryState.Sending]);
        channel.ReleaseHeld();
        await limited.IdleAsync();

        Assert.Equal((4, 4), claimedWhileHeld);
        Assert.Equal(4, channel.MaxInFlight);
        Assert.Equal(40, limited.Outbox.CountByState()[DeliveryState.Sent]);
    }

    [Fact]
    public async Task A_first_message_remembers_the_conversation_the_platform_opened()
    {
        var person = new Person
        {
            Id = Guid.NewGuid().ToString("N"), Name = "Maya", Email = $"maya-{Guid.NewGuid():N}@example.org",
            Identities = [new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }],
            IdentityKeys = ["teams:29:maya"],
        };
        dispatcher.People.Save(person);
        var address = person.Identities[0];
        Queued(Delivery.Send($"{campaign}:maya", campaign, person.Id, address, Message.Text("Welcome"), time.GetUtcNow()));

        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();

        Assert.Equal("a:29:maya", dispatcher.People.Find(person.Id)?.IdentityOn(ChannelKind.Teams)?.ConversationId);
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
