using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Tests.Messaging;

/// <summary>
/// Stands in for a platform at the network edge: records what it was asked to send and can be told to refuse
/// (429 with Retry-After, 5xx, 403), to hold sends until released, or to have its rate limiter say "not yet".
/// </summary>
public sealed class RecordingChannel(ChannelKind kind = ChannelKind.Teams) : IChannel
{
    readonly ConcurrentQueue<Exception> failures = new();
    readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly Lock gate = new();
    readonly List<(int Count, TaskCompletionSource Reached)> heldWaiters = [];
    int holdAfter = int.MaxValue;
    int calls;
    int inFlight;
    int maxInFlight;
    int held;
    int pacingRefusals;
    int messageNumber;

    public ChannelKind Kind => kind;

    /// <summary>Sends that reached the platform, in order.</summary>
    public ConcurrentQueue<(ChannelAddress To, Message Message, SentMessage Sent)> Sent { get; } = new();

    public ConcurrentQueue<(ChannelAddress To, string ConversationId, string MessageId, Message Message)> Updated { get; } = new();

    /// <summary>Every send or update started, including those that failed or were cut off.</summary>
    public int Calls => Volatile.Read(ref calls);

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>Completes once <paramref name="count"/> sends are held at the same time; the timeout is a real-time guard against a hang.</summary>
    public Task HeldAsync(int count)
    {
        lock (gate)
        {
            if (held >= count) return Task.CompletedTask;
            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            heldWaiters.Add((count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        }
    }

    public static DeliveryException TooManyRequests(TimeSpan retryAfter) =>
        new("Teams answered 429 Too Many Requests", 429, permanent: false, retryAfter);

    public static DeliveryException ServerError() => new("Teams answered 500 Internal Server Error", 500, permanent: false);

    public static DeliveryException Forbidden() =>
        new("Teams answered 403 Forbidden: the bot is not installed for this user", 403, permanent: true);

    /// <summary>The next calls throw these, one each, in order.</summary>
    public void FailNext(params Exception[] exceptions)
    {
        foreach (var exception in exceptions) failures.Enqueue(exception);
    }

    /// <summary>Calls after the first <paramref name="count"/> wait until <see cref="ReleaseHeld"/> (or their cancellation).</summary>
    public void HoldCallsAfter(int count) => holdAfter = count;

    public void ReleaseHeld() => released.TrySetResult();

    public void RefusePacing(int times) => pacingRefusals = times;

    public ValueTask<RateLimitLease> AcquirePacingAsync(ChannelAddress address, CancellationToken ct) =>
        ValueTask.FromResult<RateLimitLease>(new Lease(Interlocked.Decrement(ref pacingRefusals) < 0));

    public async Task<SentMessage> SendAsync(ChannelAddress address, Message message, CancellationToken ct)
    {
        await CallAsync(ct);
        var sent = new SentMessage(address.ConversationId ?? $"a:{address.UserId}", $"m{Interlocked.Increment(ref messageNumber)}");
        Sent.Enqueue((address, message, sent));
        return sent;
    }

    public async Task UpdateAsync(ChannelAddress address, string conversationId, string messageId, Message message, CancellationToken ct)
    {
        await CallAsync(ct);
        Updated.Enqueue((address, conversationId, messageId, message));
    }

    public ConcurrentQueue<(ChannelAddress To, string ConversationId, string MessageId)> Deleted { get; } = new();

    public async Task DeleteAsync(ChannelAddress address, string conversationId, string messageId, CancellationToken ct)
    {
        await CallAsync(ct);
        Deleted.Enqueue((address, conversationId, messageId));
    }

    async Task CallAsync(CancellationToken ct)
    {
        var number = Interlocked.Increment(ref calls);
        var now = Interlocked.Increment(ref inFlight);
        try
        {
            for (var max = MaxInFlight; now > max; max = MaxInFlight)
                Interlocked.CompareExchange(ref maxInFlight, now, max);

            // Like a real HTTP call: never finishes on the caller's stack.
            await Task.Yield();
            if (number > holdAfter)
            {
                HoldOne(+1);
                try { await released.Task.WaitAsync(ct); }
                finally { HoldOne(-1); }
            }
            if (failures.TryDequeue(out var failure)) throw failure;
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    void HoldOne(int change)
    {
        lock (gate)
        {
            held += change;
            foreach (var waiter in heldWaiters.Where(w => held >= w.Count).ToList())
            {
                waiter.Reached.TrySetResult();
                heldWaiters.Remove(waiter);
            }
        }
    }

    sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;
        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
