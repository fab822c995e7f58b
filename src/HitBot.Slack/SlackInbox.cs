using HitBot.Core.Loops;
using System.Text.Json;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// Work Slack must not wait for: linking the sender (a Web API call), routing and queueing the answer, publishing the
/// Home tab. The endpoint verifies and hands the request here; it is written to LiteDB before Slack gets its 200 (§6.4),
/// so an acknowledged request is done even after a crash; concurrent requests share that commit (<see cref="InboundCommits"/>). When the backlog is at its bound the request is refused instead
/// (the endpoint answers 503): Slack retries an event, and a person sees their click fail, rather than a 200 and a drop.
/// </summary>
public sealed class SlackInbox(InboxStore store, IOptions<SlackOptions> options, ILogger<SlackInbox> logger) : ProgressSignal("Slack inbox"), IDisposable
{
    const string MessageKind = "slack.message";
    const string HomeKind = "slack.home";
    const string ActionKind = "slack.action";

    readonly WakeSignal wake = new();
    // Rows left by a previous run count from the start: they are done first, and they hold their slots until then.
    int backlog = store.Count();

    /// <summary>Requests accepted and not yet finished, including the one being worked on.</summary>
    public int Backlog => Volatile.Read(ref backlog);

    public Task<InboxPost> TryPostAsync(DirectMessage message) => PostAsync(MessageKind, JsonSerializer.Serialize(message), ("slack", message.EventId));

    public Task<InboxPost> TryPostAsync(HomeOpened home) => PostAsync(HomeKind, JsonSerializer.Serialize(home), ("slack", home.EventId));

    /// <summary>Clicks carry no event id; the outbox key (team, user, action_ts) keeps a retried click from answering twice.</summary>
    public Task<InboxPost> TryPostAsync(BlockAction action) => PostAsync(ActionKind, JsonSerializer.Serialize(action), dedupId: null);

    /// <summary>Completes once the request is on disk (the caller's 200 waits for it), or refused, or found a duplicate.</summary>
    async Task<InboxPost> PostAsync(string kind, string payload, (string, string)? dedupId)
    {
        // The slot is taken before the write, so concurrent requests can never overshoot the bound together.
        if (Interlocked.Increment(ref backlog) > options.Value.InboxMaxBacklog)
        {
            Interlocked.Decrement(ref backlog);
            return InboxPost.Full;
        }
        var added = false;
        try
        {
            added = await store.TryAddAsync(kind, payload, dedupId);
        }
        finally
        {
            if (!added) Interlocked.Decrement(ref backlog);
        }
        if (!added) return InboxPost.Duplicate;
        wake.Notify();
        return InboxPost.Accepted;
    }

    internal List<InboxItem> Oldest(int count) => store.Oldest(count);

    /// <summary>
    /// The work is done (or can never be done): its row goes, the replies it produced are queued in the same commit, and
    /// its slot is free again.
    /// </summary>
    internal async Task FinishedAsync(InboxItem item, IReadOnlyList<Delivery> replies)
    {
        try
        {
            await store.FinishAsync(item.Id, replies);
        }
        catch (Exception e)
        {
            // The replies could not be stored (the group and this item alone both failed): the row still goes, as a
            // failed piece of work does, rather than being tried for ever.
            Log.FinishFailed(logger, e, item.Id);
            store.Remove(item.Id);
        }
        finally
        {
            Interlocked.Decrement(ref backlog);
            Announce();
        }
    }

    internal Task WaitForWorkAsync(TimeSpan max, TimeProvider time, CancellationToken ct) => wake.WaitAsync(max, time, ct);

    internal static object? Read(InboxItem item) => item.Kind switch
    {
        MessageKind => JsonSerializer.Deserialize<DirectMessage>(item.Payload),
        HomeKind => JsonSerializer.Deserialize<HomeOpened>(item.Payload),
        ActionKind => JsonSerializer.Deserialize<BlockAction>(item.Payload),
        _ => null,
    };

    public void Dispose() => wake.Dispose();
}
