using System.Globalization;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>Edits and deletions of a message queued while its send was still on the wire (a correction or recall mid fan-out).</summary>
public sealed class DispatcherFollowUpTests : IAsyncDisposable
{
    const string Waiting = "Waiting for the original message to go out first";
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));
    readonly RecordingChannel teams = new();
    readonly string campaign = "update:" + Guid.NewGuid().ToString("N");
    readonly DispatcherUnderTest dispatcher;

    public DispatcherFollowUpTests() => dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);

    /// <summary>Maya's send is claimed and held on the wire; then a follow-up of it is queued and the dispatcher has looked at it.</summary>
    async Task<string> FollowUpWhileTheSendIsOnTheWireAsync(DeliveryKind kind)
    {
        teams.HoldCallsAfter(0);
        dispatcher.Outbox.TryEnqueue(Delivery.Send($"{campaign}:maya", campaign, "maya",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" }, Message.Text("Monday"), time.GetUtcNow()));
        await dispatcher.StartAsync();
        await teams.HeldAsync(1);
        var key = $"{campaign}:maya:{kind}";
        var queued = dispatcher.Outbox.QueueFollowUps(campaign, send => Delivery.FollowUp(key, campaign + ":follow-up", send, kind,
            kind == DeliveryKind.Update ? Message.Text("Tuesday") : null, time.GetUtcNow()));
        Assert.Equal(1, queued);
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).LastError == Waiting);
        return key;
    }

    [Fact]
    public async Task A_correction_queued_while_the_send_is_on_the_wire_waits_for_it_and_then_edits_that_message()
    {
        var key = await FollowUpWhileTheSendIsOnTheWireAsync(DeliveryKind.Update);

        teams.ReleaseHeld();
        // Idle, not just "the send is Sent": the outcome is recorded before the loop has armed its wait for the follow-up,
        // and a clock moved in between would arm that wait from the new time and never fire.
        await dispatcher.IdleAsync();
        Assert.Equal(DeliveryState.Sent, dispatcher.Row($"{campaign}:maya").State);
        time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).State == DeliveryState.Sent);

        var sent = Assert.Single(teams.Sent).Sent;
        var (_, conversation, message, edit) = Assert.Single(teams.Updated);
        Assert.Equal((sent.ConversationId, sent.MessageId, "Tuesday"), (conversation, message, edit.Summary));
        Assert.Equal(1, dispatcher.Row(key).Attempts);
    }

    /// <summary>
    /// A correction of an update whose copy waits for its reader's morning looked at that copy every 2 seconds until then:
    /// for a fan-out held overnight, thousands of rows rewritten a second all night, slowing every other send.
    /// </summary>
    [Fact]
    public async Task A_correction_of_a_copy_due_in_the_morning_looks_again_every_few_minutes_and_edits_it_once_it_is_sent()
    {
        // As the dispatcher does at night: the copy is claimed, the correction queued meanwhile, and the copy put off to 08:00.
        dispatcher.Outbox.TryEnqueue(Delivery.Send($"{campaign}:maya", campaign, "maya",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" }, Message.Text("Monday"), time.GetUtcNow()));
        var claimed = Assert.Single(dispatcher.Outbox.ClaimDue(time.GetUtcNow(), 10));
        var key = $"{campaign}:maya:Update";
        Assert.Equal(1, dispatcher.Outbox.QueueFollowUps(campaign, send => Delivery.FollowUp(key, campaign + ":follow-up", send, DeliveryKind.Update,
            Message.Text("Tuesday"), time.GetUtcNow())));
        dispatcher.Outbox.Postpone(claimed, time.GetUtcNow().AddHours(10), "Late at night");
        await dispatcher.StartAsync();
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).LastError == Waiting);

        Assert.Equal(time.GetUtcNow().AddMinutes(5).UtcDateTime, dispatcher.Row(key).DueAt.ToUniversalTime());

        // The morning comes: the copy goes with the old text, then the correction edits it.
        time.Advance(TimeSpan.FromHours(10));
        await dispatcher.WaitForAsync(() => dispatcher.Row($"{campaign}:maya").State == DeliveryState.Sent);
        await dispatcher.IdleAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).State == DeliveryState.Sent);
        Assert.Equal("Tuesday", Assert.Single(teams.Updated).Message.Summary);
    }

    [Fact]
    public async Task A_second_correction_waits_while_the_first_is_on_the_wire_so_the_newest_text_lands_last()
    {
        var send = Delivery.Send($"{campaign}:maya", campaign, "maya",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ConversationId = "a:maya" }, Message.Text("Monday"), time.GetUtcNow());
        dispatcher.Outbox.TryEnqueue(send);
        dispatcher.Outbox.MarkSent(dispatcher.Row(send.Id), new SentMessage("a:maya", "m0"), time.GetUtcNow());
        string Edit(int revision, string text)
        {
            var key = $"{send.Id}:edit:{revision}";
            dispatcher.Outbox.QueueFollowUps(campaign, sent => Delivery.FollowUp(key, $"{campaign}:edit:{revision}", sent, DeliveryKind.Update,
                Message.Text(text), time.GetUtcNow()));
            return key;
        }
        teams.HoldCallsAfter(0);
        var first = Edit(1, "Tuesday");
        await dispatcher.StartAsync();
        await teams.HeldAsync(1);

        time.Advance(TimeSpan.FromSeconds(1));
        var second = Edit(2, "Wednesday");
        await dispatcher.WaitForAsync(() => dispatcher.Row(second).LastError == Dispatcher.EarlierChangePending);
        var callsWhileTheFirstWasOnTheWire = teams.Calls;
        teams.ReleaseHeld();
        await dispatcher.IdleAsync();
        time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.WaitForAsync(() => dispatcher.Row(second).State == DeliveryState.Sent);

        Assert.Equal(1, callsWhileTheFirstWasOnTheWire);
        Assert.Equal(DeliveryState.Sent, dispatcher.Row(first).State);
        Assert.Equal(["Tuesday", "Wednesday"], teams.Updated.Select(u => u.Message.Summary));
        Assert.Equal(1, dispatcher.Row(second).Attempts);
    }

    [Fact]
    public async Task A_deletion_of_a_send_that_never_went_out_is_cancelled_without_calling_the_platform()
    {
        teams.FailNext(RecordingChannel.Forbidden());
        var key = await FollowUpWhileTheSendIsOnTheWireAsync(DeliveryKind.Delete);

        teams.ReleaseHeld();
        // Idle, not just "the send is Dead": the outcome is recorded before the loop has armed its wait for the follow-up,
        // and a clock moved in between would arm that wait from the new time and never fire.
        await dispatcher.IdleAsync();
        Assert.Equal(DeliveryState.Dead, dispatcher.Row($"{campaign}:maya").State);
        time.Advance(TimeSpan.FromSeconds(2));
        await dispatcher.WaitForAsync(() => dispatcher.Row(key).State == DeliveryState.Cancelled);

        Assert.Empty(teams.Deleted);
        Assert.Equal(1, teams.Calls);
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
