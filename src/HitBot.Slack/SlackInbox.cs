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
    readonly PendingBySender pending = PendingBySender.Of(store.Oldest(int.MaxValue).Select(Sender));

    /// <summary>Requests accepted and not yet finished: waiting here, being worked on, or handled in their own request.</summary>
    public int Backlog => Volatile.Read(ref backlog);

    /// <summary>
    /// Asks to handle a linked person's click in its request, which then holds one of the backlog's slots until
    /// <see cref="ExitInline"/>: a flood of clicks answered in their requests is bounded like one that waits here.
    /// A person with a message or click still waiting here has the click wait behind it instead (<see cref="InlineEntry.AfterEarlier"/>):
    /// "stop", then a button, is done in that order.
    /// </summary>
    public InlineEntry TryEnterInline(string teamId, string userId)
    {
        if (pending.Has(teamId, userId)) return InlineEntry.AfterEarlier;
        if (Interlocked.Increment(ref backlog) <= options.Value.InboxMaxBacklog) return InlineEntry.Entered;
        Interlocked.Decrement(ref backlog);
        return InlineEntry.Full;
    }

    /// <summary>A click handled in its request is done (answered, or failed): its slot is free again.</summary>
    public void ExitInline()
    {
        Interlocked.Decrement(ref backlog);
        Announce();
    }

    public Task<InboxPost> TryPostAsync(DirectMessage message) =>
        PostAsync(MessageKind, JsonSerializer.Serialize(message), ("slack", message.EventId), (message.TeamId, message.UserId));

    /// <summary>A Home-tab visit is not a step of a conversation: a click need not wait for it.</summary>
    public Task<InboxPost> TryPostAsync(HomeOpened home) => PostAsync(HomeKind, JsonSerializer.Serialize(home), ("slack", home.EventId), sender: null);

    /// <summary>Clicks carry no event id; the outbox key (team, user, action_ts) keeps a retried click from answering twice.</summary>
    public Task<InboxPost> TryPostAsync(BlockAction action) =>
        PostAsync(ActionKind, JsonSerializer.Serialize(action), dedupId: null, (action.TeamId, action.UserId));

    /// <summary>Completes once the request is on disk (the caller's 200 waits for it), or refused, or found a duplicate.</summary>
    async Task<InboxPost> PostAsync(string kind, string payload, (string, string)? dedupId, (string TeamId, string UserId)? sender)
    {
        // The slot is taken before the write, so concurrent requests can never overshoot the bound together.
        if (Interlocked.Increment(ref backlog) > options.Value.InboxMaxBacklog)
        {
            Interlocked.Decrement(ref backlog);
            return InboxPost.Full;
        }
        // Counted before the write, so the sender's next click cannot be handled in its request before this is stored.
        if (sender is { } from) pending.Add(from.TeamId, from.UserId);
        var added = false;
        try
        {
            added = await store.TryAddAsync(kind, payload, dedupId);
        }
        finally
        {
            if (!added)
            {
                Interlocked.Decrement(ref backlog);
                if (sender is { } notAdded) pending.Remove(notAdded.TeamId, notAdded.UserId);
            }
        }
        if (!added) return InboxPost.Duplicate;
        wake.Notify();
        return InboxPost.Accepted;
    }

    /// <summary>Who sent an item, for the items a click must wait behind (messages and clicks); null for the others.</summary>
    static (string TeamId, string UserId)? Sender(InboxItem item)
    {
        try
        {
            return Read(item) switch
            {
                DirectMessage m => (m.TeamId, m.UserId),
                BlockAction a => (a.TeamId, a.UserId),
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null; // a row of another HitBot version: the worker drops it, loudly
        }
    }

    internal List<InboxItem> Oldest(int count) => store.Oldest(count);

    /// <summary>
    /// The work is done (or can never be done): its row goes, the replies it produced are queued in the same commit, and
    /// its slot is free again. False when the row could not even be deleted (the disk refuses every write): it stays,
    /// still counted, and is done again once writes go through, as after a crash; the outbox keys stop a second answer.
    /// </summary>
    internal async Task<bool> FinishedAsync(InboxItem item, IReadOnlyList<Delivery> replies)
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
            try
            {
                store.Remove(item.Id);
            }
            catch (Exception removal)
            {
                // Thrown on, it stopped the worker, and with it the whole of HitBot, over a write a moment later would take.
                Log.InboxRowKept(logger, removal, item.Id);
                return false;
            }
        }
        // After the commit: the sender's next click, answered in its request, comes after this one's answer.
        if (Sender(item) is { } from) pending.Remove(from.TeamId, from.UserId);
        Interlocked.Decrement(ref backlog);
        Announce();
        return true;
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
