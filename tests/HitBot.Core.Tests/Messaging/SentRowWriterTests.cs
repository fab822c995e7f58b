using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>Sent rows are written in groups; a group that fails part-way must not lose the outcomes of the sends in it.</summary>
public sealed class SentRowWriterTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly string campaign = "newsletter:" + Guid.NewGuid().ToString("N");

    Delivery To(string key, string userId, string? conversationId) => Delivery.Send(
        $"{campaign}:{key}", campaign, null,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = userId, ConversationId = conversationId },
        Message.Text("This week's newsletter"), time.GetUtcNow());

    [Fact]
    public async Task A_sent_row_that_cannot_be_written_loses_none_written_with_it_and_a_restart_sends_only_that_one_again()
    {
        // The platform names the chat after this address, so the sent row would hold it twice: over LiteDB's 16 MB
        // document limit, its write fails, and with it the commit of the whole group it is in.
        var unwritable = To("too-big", "29:" + new string('x', 9 * 1024 * 1024), conversationId: null);
        List<Delivery> people = [To("maya", "29:maya", "a:maya"), To("sam", "29:sam", "a:sam"), To("lee", "29:lee", "a:lee")];
        var channel = new RecordingChannel();
        channel.HoldCallsAfter(0);
        var options = new DispatcherOptions { Concurrency = 8 };
        var first = new DispatcherUnderTest(temp.Db, time, options, channel);
        first.Outbox.EnqueueMany([.. people, unwritable]);
        await first.StartAsync();
        await channel.HeldAsync(4);

        // All four answer at once, so their rows reach the writer together.
        channel.ReleaseHeld();
        await first.WaitForAsync(() => first.Progress.Finished >= 4);
        var shownBeforeRestart = people.Select(p => first.Row(p.Id).State).Append(first.Row(unwritable.Id).State).ToList();
        await first.StopAsync();
        await first.DisposeAsync();
        var afterRestart = new RecordingChannel();
        await using var second = new DispatcherUnderTest(temp.Reopen(), time, options, afterRestart);
        await second.StartAsync();
        await second.WaitForAsync(() => second.Progress.Finished >= 1);

        Assert.Equal([DeliveryState.Sent, DeliveryState.Sent, DeliveryState.Sent, DeliveryState.Sending], shownBeforeRestart);
        Assert.Equal(4, channel.Sent.Count);
        var again = Assert.Single(afterRestart.Sent);
        Assert.Equal(unwritable.Address.UserId, again.To.UserId);
        Assert.All(people, p => Assert.Equal(DeliveryState.Sent, second.Row(p.Id).State));
    }

    public void Dispose() => temp.Dispose();
}
