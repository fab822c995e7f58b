using System.Globalization;
using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// A disk that fills (or turns read-only) while messages wait for the platform's pacing: LiteDB closes the file, so a send
/// that went out then could not be written down as sent, and the restart would send it again.
/// </summary>
public sealed class DispatcherFullDiskTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2026-03-02T14:00:00Z", CultureInfo.InvariantCulture));

    public void Dispose() => temp.Dispose();

    Delivery Newsletter(string person) => Delivery.Send($"newsletter:week-12:{person}", "newsletter:week-12", null,
        new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person, ConversationId = "a:" + person },
        Message.Text("This week's newsletter"), time.GetUtcNow());

    [Fact]
    public async Task A_message_waiting_for_pacing_when_the_disk_refuses_a_write_is_not_sent_then_and_goes_once_after_the_restart()
    {
        var teams = new RecordingChannel();
        var paced = new PacingGate(teams);
        var first = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions { Concurrency = 1 }, paced);
        first.Outbox.EnqueueMany([Newsletter("maya")]);
        await first.StartAsync();
        await paced.Waiting;

        temp.Db.RefuseWrites(() => new IOException("No space left on device"));
        Assert.ThrowsAny<IOException>(() => first.Outbox.EnqueueMany([Newsletter("sam")]));
        temp.Db.RefuseWrites(null);
        paced.Open();
        await first.WaitForAsync(() => first.Progress.Finished >= 1);
        var sentBeforeTheRestart = teams.Sent.Count;
        await first.DisposeAsync();
        await using var second = new DispatcherUnderTest(temp.Reopen(), time, new DispatcherOptions { Concurrency = 1 }, teams);
        await second.StartAsync();
        await second.IdleAsync();

        Assert.Equal(0, sentBeforeTheRestart);
        var sent = Assert.Single(teams.Sent);
        Assert.Equal("29:maya", sent.To.UserId);
        Assert.Equal(DeliveryState.Sent, second.Row("newsletter:week-12:maya").State);
    }

    /// <summary>The platform's pacing holds the first send until the test opens it, as a busy fan-out's rate limit does.</summary>
    sealed class PacingGate(RecordingChannel inner) : IChannel
    {
        readonly TaskCompletionSource waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => waiting.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        public void Open() => open.TrySetResult();

        public ChannelKind Kind => inner.Kind;

        public async ValueTask<RateLimitLease> AcquirePacingAsync(ChannelAddress address, CancellationToken ct)
        {
            waiting.TrySetResult();
            await open.Task.WaitAsync(ct);
            return await inner.AcquirePacingAsync(address, ct);
        }

        public Task<SentMessage> SendAsync(ChannelAddress address, Message message, CancellationToken ct) => inner.SendAsync(address, message, ct);

        public Task UpdateAsync(ChannelAddress address, string conversationId, string messageId, Message message, CancellationToken ct) =>
            inner.UpdateAsync(address, conversationId, messageId, message, ct);

        public Task DeleteAsync(ChannelAddress address, string conversationId, string messageId, CancellationToken ct) =>
            inner.DeleteAsync(address, conversationId, messageId, ct);
    }
}
