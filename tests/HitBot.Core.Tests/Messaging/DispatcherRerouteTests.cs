using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>Someone linked in Teams and Slack whose Teams chat refuses HitBot: the message goes to their Slack chat.</summary>
public sealed class DispatcherRerouteTests : IAsyncDisposable
{
    const string Waiting = "Waiting for the original message to go out first";
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new(ChannelKind.Teams);
    readonly RecordingChannel slack = new(ChannelKind.Slack);
    readonly string campaign = "update:" + Guid.NewGuid().ToString("N");
    readonly DispatcherUnderTest dispatcher;
    readonly Person maya;

    public DispatcherRerouteTests()
    {
        dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams, slack);
        ChannelAddress[] identities =
        [
            new() { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" },
            new() { Channel = ChannelKind.Slack, TeamId = "T1", UserId = "U1MAYA", ConversationId = "DU1MAYA" },
        ];
        maya = new Person
        {
            Id = Guid.NewGuid().ToString("N"), Name = "Maya", Email = $"maya-{Guid.NewGuid():N}@example.org",
            Identities = [.. identities], IdentityKeys = [.. identities.Select(i => i.PersonKey())],
        };
        dispatcher.People.Save(maya);
    }

    static DeliveryException Blocked() => new("The person removed or blocked the app.", 403, permanent: true) { PersonUnreachable = true };

    [Fact]
    public async Task A_correction_queued_while_the_send_was_on_the_wire_edits_the_message_in_the_chat_that_got_it()
    {
        teams.HoldCallsAfter(0);
        teams.FailNext(Blocked());
        var send = Delivery.Send($"{campaign}:maya", campaign, maya.Id, maya.Identities[0], Message.Text("Monday"), time.GetUtcNow());
        dispatcher.Outbox.TryEnqueue(send);
        await dispatcher.StartAsync();
        await teams.HeldAsync(1);
        var key = $"{campaign}:maya:edit";
        dispatcher.Outbox.QueueFollowUps(campaign, sent => Delivery.FollowUp(key, campaign + ":edit", sent, DeliveryKind.Update, Message.Text("Tuesday"), time.GetUtcNow()));
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).LastError == Waiting);

        teams.ReleaseHeld();
        await dispatcher.WaitForAsync(() => dispatcher.Row(send.Id).State == DeliveryState.Sent);
        await dispatcher.IdleAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).State is DeliveryState.Sent or DeliveryState.Dead);

        var (to, message, sentMessage) = Assert.Single(slack.Sent);
        Assert.Equal(("DU1MAYA", "Monday"), (to.ConversationId, message.Summary));
        Assert.Empty(teams.Updated);
        var (_, conversation, edited, edit) = Assert.Single(slack.Updated);
        Assert.Equal((sentMessage.ConversationId, sentMessage.MessageId, "Tuesday"), (conversation, edited, edit.Summary));
        Assert.Equal(ChannelKind.Slack, dispatcher.Row(key).Address.Channel);
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
