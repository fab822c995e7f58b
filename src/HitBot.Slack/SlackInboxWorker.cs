using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Updates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Works through the <see cref="SlackInbox"/> oldest first, rows left by a previous run included; a failure is logged and
/// the next item runs. A row is deleted only after its work, in one commit with the replies it queued, so a crash repeats
/// at most the items in hand, and the outbox keys (event id, action_ts) keep that repeat from answering twice. The items of
/// a batch are worked one after another; their commits go to the group commit without waiting for each other, so a
/// batch costs a few flushes to disk rather than two per item.
/// </summary>
public sealed class SlackInboxWorker(
    SlackInbox inbox, SlackPeople people, InteractionRouter router, SlackResponder responder, HomePage home,
    ReachedWelcome welcome, SlackHomeTab homeTab, UpdateMessages updateMessages, SlackWebApi api, SlackThrottle throttle, TimeProvider time, ILogger<SlackInboxWorker> logger)
    : BackgroundService
{
    /// <summary>In the background there is no 3-s deadline; the lookup gets as long as the HTTP client allows.</summary>
    static readonly TimeSpan LookupBudget = TimeSpan.FromSeconds(30);
    /// <summary>Every post wakes the worker; the poll only covers a wake-up lost to a race.</summary>
    static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);
    const int BatchSize = 64;
    /// <summary>How long the worker waits after the database refused a read or a write, unless a new request wakes it.</summary>
    static readonly TimeSpan AfterFailedWrite = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                List<InboxItem> batch;
                try
                {
                    batch = inbox.Oldest(BatchSize);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The database is unwell: an exception out of here stopped the whole of HitBot. Wait, then look again.
                    Log.InboxUnreadable(logger, e, AfterFailedWrite);
                    await inbox.WaitForWorkAsync(AfterFailedWrite, time, stoppingToken);
                    continue;
                }
                if (batch.Count == 0)
                {
                    await inbox.WaitForWorkAsync(Poll, time, stoppingToken);
                    continue;
                }
                var finishing = new List<Task<bool>>(batch.Count);
                foreach (var item in batch) finishing.Add(inbox.FinishedAsync(item, await WorkAsync(item, stoppingToken)));
                // A row the disk would not let go of is done again, but not at once: the same failing write in a tight loop.
                if ((await Task.WhenAll(finishing)).Contains(false)) await inbox.WaitForWorkAsync(AfterFailedWrite, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the item in hand stays in the inbox and is done at the next start.
        }
    }

    /// <summary>Does the item's work and answers the replies to queue; a failure is logged and queues nothing.</summary>
    async Task<IReadOnlyList<Delivery>> WorkAsync(InboxItem item, CancellationToken ct)
    {
        var work = ReadOrLog(item);
        try
        {
            return await HandleAsync(work, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var (kind, user) = work switch
            {
                DirectMessage m => ("message", m.UserId),
                HomeOpened h => ("home", h.UserId),
                BlockAction a => ("button " + a.ActionId, a.UserId),
                _ => (item.Kind, ""),
            };
            Log.WorkFailed(logger, e, kind, user);
            return [];
        }
    }

    object? ReadOrLog(InboxItem item)
    {
        try
        {
            return SlackInbox.Read(item);
        }
        catch (System.Text.Json.JsonException e)
        {
            // Unreadable can only mean a row written by another HitBot version; it can never be done, so it is dropped, loudly.
            Log.WorkFailed(logger, e, item.Kind, "");
            return null;
        }
    }

    async Task<IReadOnlyList<Delivery>> HandleAsync(object? work, CancellationToken ct)
    {
        switch (work)
        {
            case DirectMessage m: return await MessageAsync(m, ct);
            case HomeOpened h: await HomeAsync(h, ct); return [];
            case BlockAction a: return await ActionAsync(a, ct);
            default: return [];
        }
    }

    async Task<List<Delivery>> MessageAsync(DirectMessage m, CancellationToken ct)
    {
        var from = Address(m.TeamId, m.UserId, m.Channel);
        var sender = await people.ResolveAsync(from, LookupBudget, waitOutRateLimits: true, ct);
        var person = sender.Person;
        if (person is not null) welcome.Met(from);
        var interaction = new Interaction
        {
            Verb = Interaction.CommandVerb, From = from, Person = person, Text = m.Text, CarriesFiles = m.WithFiles, InboundId = "slack:" + m.EventId,
            // Written in the thread under an update she was sent: a question about it, which the central team should see as one.
            RepliesToUpdateId = person is not null && m.ThreadTs is { } thread ? updateMessages.SentAs(person.Id, m.Channel, thread) : null,
        };
        // A picture shared without words was answered with the help card, as if nothing had been said: the sender never
        // learned that it reached nobody (as in Teams).
        var result = sender.Refusal is { } refusal ? InteractionResult.Notify(refusal)
            : m.OnlyFiles ? InteractionResult.Notify(InteractionResult.FilesUnreadText) : router.Handle(interaction);
        return responder.Deliveries(result, interaction, $"slack:{m.EventId}", m.Channel, messageTs: null, m.ThreadTs);
    }

    async Task HomeAsync(HomeOpened h, CancellationToken ct)
    {
        var from = Address(h.TeamId, h.UserId, channel: null);
        var sender = await people.ResolveAsync(from, LookupBudget, waitOutRateLimits: true, ct);
        if (sender.Person is not null) welcome.Met(from);
        // A failed look-up shows why the tab is empty, not the help of someone who is not on the roster.
        IReadOnlyList<Message> sections = sender.Refusal is { } refusal ? [Message.Text(refusal)] : home.For(sender.Person);
        // Throttled (a launch day's visits all at once), the visit waits its turn: dropped, it left the tab empty.
        var view = BlockKitRenderer.Home(sections);
        await throttle.CallAsync("views.publish", async () =>
        {
            await api.PublishViewAsync(h.UserId, view, ct);
            return true;
        }, ct);
    }

    async Task<List<Delivery>> ActionAsync(BlockAction a, CancellationToken ct)
    {
        var from = SlackClick.From(a);
        var sender = await people.ResolveAsync(from, LookupBudget, waitOutRateLimits: true, ct);
        var interaction = SlackClick.AsInteraction(a, from, sender.Person);
        if (sender.Refusal is { } refusal)
            return responder.Deliveries(InteractionResult.Notify(refusal), interaction, SlackClick.Key(a), a.Channel, messageTs: null, a.ThreadTs);
        var result = await homeTab.ShowAsync(a, interaction.Person, router.Handle(interaction), ct);
        return responder.Deliveries(result, interaction, SlackClick.Key(a), a.Channel, SlackClick.MessageToUpdate(a), a.ThreadTs);
    }

    internal static ChannelAddress Address(string teamId, string userId, string? channel) => new()
    {
        Channel = ChannelKind.Slack,
        TeamId = teamId,
        UserId = userId,
        ConversationId = SlackResponder.DirectChannel(channel),
    };
}
