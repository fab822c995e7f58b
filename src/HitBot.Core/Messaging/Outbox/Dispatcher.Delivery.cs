using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.RateLimiting;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>One delivery: send it, then record what happened in words a coordinator can act on.</summary>
public sealed partial class Dispatcher
{
    static readonly TimeSpan PacingRetry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While a platform refuses HitBot itself, its messages wait this long at a time, and one is tried this often: a
    /// fan-out queued before a Slack app was removed is neither given up row by row nor retried a row at a time.
    /// </summary>
    internal static readonly TimeSpan CredentialsWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A row "stop" covers that is older than this has waited (for room in the person's week, a retry, a pause, its turn in
    /// a big send) and is checked against stop and leaving before it goes. A big send's rows mostly go within minutes of
    /// being queued, to people the audience just found reachable: checking each would read every person once more, on
    /// the dispatcher's hottest path.
    /// </summary>
    internal static readonly TimeSpan DeclineCheckAfter = TimeSpan.FromMinutes(5);

    /// <summary>
    /// What "stop" covers besides the budgeted rows (README, "Stop and start"): an update's copies (urgent ones too,
    /// <c>update:ID</c>), a survey run's invitations (<c>survey:ID</c>), a thank-you (<c>thanks:ID</c>). Not the lists a
    /// closing run sends staff (<c>survey:ID:at-risk</c> and the like), action reminders, escalations or replies: those
    /// are work and keep coming.
    /// </summary>
    static readonly string[] StopCoveredCampaigns = ["update", "survey", "thanks"];

    /// <summary>
    /// The program's work for its staff, which keeps coming after "stop" but not after leaving the program (README, "People
    /// who leave"): action reminders, escalations, digests, a series' empty-slot warning (<c>reminder:ID</c>,
    /// <c>escalations</c>, <c>digest:action-plan</c>, <c>series-empty:ID</c>…), and the lists a closing survey sends
    /// (<c>survey:ID:at-risk</c>, <c>:talent</c>, <c>:summary</c>). Not replies to what someone wrote: those answer them.
    /// </summary>
    static readonly string[] LeavingCoveredKinds = ["reminder", "reminders", "escalation", "escalations", "digest", "series-empty"];

    static readonly string[] SurveyStaffLists = ["at-risk", "talent", "summary"];

    static bool LeavingCovers(Delivery delivery) => delivery.Campaign.Split(':') switch
    {
        ["survey", _, var list] => SurveyStaffLists.Contains(list, StringComparer.Ordinal),
        [var kind, ..] => LeavingCoveredKinds.Contains(kind, StringComparer.Ordinal),
        _ => false,
    };

    static bool StopCovers(Delivery delivery) =>
        delivery.Budgeted || delivery.Campaign.Split(':') is [var kind, _] && StopCoveredCampaigns.Contains(kind, StringComparer.Ordinal);
    static readonly Message NoMessage = Message.Text("");
    internal const string LateAtNight = "It was due while HitBot was stopped, and HitBot came back in the person's night: it waits for their morning";
    internal const string LateInPause = "It was due while HitBot was stopped, and HitBot came back during a pause on the program calendar: it waits for the first working day after";
    internal const string PausedSinceQueued = "A pause on the program calendar now covers the day it was moved to: it waits for the first working day after";

    async Task DeliverAsync(Delivery delivery, CancellationToken abort, CancellationToken stoppingToken)
    {
        using var activity = HitBotTelemetry.Source.StartActivity("hitbot.deliver");
        // The kind of message ("update", "survey", "reply"), not the row's key: a key may hold a person's id or their chat
        // user id ("welcome:teams:29:…"), and spans leave HitBot for the district's collector.
        activity?.SetTag("hitbot.campaign", delivery.Campaign.Split(':')[0]);
        activity?.SetTag("hitbot.channel", delivery.Address.Channel.ToString().ToLowerInvariant());
        activity?.SetTag("hitbot.attempt", delivery.Attempts);
        // A budgeted message (an update, a digest of held ones, a thank-you, a survey reminder) can wait days for room in the
        // person's week, and an urgent update or a survey invitation an hour and more of retries while Teams is down: one
        // who said stop or left the program meanwhile does not get it (README, "Stop and start").
        if (delivery is { Kind: DeliveryKind.Send, PersonId: { } personId }
            && time.GetUtcNow().UtcDateTime - delivery.CreatedAt > DeclineCheckAfter && StopCovers(delivery) && reach.Declines(personId) is { } declined)
        {
            outbox.CancelClaimed(delivery, declined);
            return;
        }
        // Work waits too (a closing run's at-risk list for Monday 09:00, an escalation for the reader's morning): "stop"
        // does not cover it, but leaving the program does, or a site champion who left read tutors' names and answers.
        if (delivery is { Kind: DeliveryKind.Send, PersonId: { } staffId }
            && time.GetUtcNow().UtcDateTime - delivery.CreatedAt > DeclineCheckAfter && LeavingCovers(delivery) && reach.HasLeft(staffId) is { } left)
        {
            outbox.CancelClaimed(delivery, left);
            return;
        }
        // A card sent for a post (a site's at-risk list for its champion) goes only to someone who still holds it: a champion
        // moved to another school over the weekend read the old school's tutors by name on Monday.
        if (delivery is { Kind: DeliveryKind.Send, PersonId: { } readerId, ReaderPost: { } post }
            && time.GetUtcNow().UtcDateTime - delivery.CreatedAt > DeclineCheckAfter && reach.NoLongerHolds(readerId, post) is { } moved)
        {
            outbox.CancelClaimed(delivery, moved);
            return;
        }
        // One the budget moved later, into a day a break added since then covers: it waits for the first working day after.
        if (budget?.PausedUntil(delivery, time.GetUtcNow()) is { } after)
        {
            outbox.Postpone(delivery, new DateTimeOffset(after, TimeSpan.Zero), PausedSinceQueued);
            return;
        }
        // Queued before HitBot went down and found in the person's night: a non-urgent message waits for their morning (in a
        // pause of the program calendar, for the first working day after it).
        if (budget?.LateUntil(delivery, time.GetUtcNow(), startedAt) is { } late)
        {
            outbox.Postpone(delivery, new DateTimeOffset(late.At, TimeSpan.Zero), late.Paused ? LateInPause : LateAtNight);
            return;
        }
        if (delivery.FollowsDeliveryId is not null && outbox.EarlierChangeInFlight(delivery))
        {
            // Two corrections of one message on the wire together could land in either order: the later waits its turn.
            outbox.Postpone(delivery, time.GetUtcNow() + OriginalPending, EarlierChangePending);
            return;
        }
        if (delivery is { FollowsDeliveryId: not null, TargetMessageId: null })
        {
            if (FindOriginal(delivery) is not { } resolved) return;
            delivery = resolved;
        }
        // Looked up after the follow-up is resolved: it goes to the chat that holds the original, which may be the person's other one.
        if (!channelsByKind.TryGetValue(delivery.Address.Channel, out var channel))
        {
            Dead(delivery, $"The {delivery.Address.Channel} channel is not configured", status: null, FailureClasses.Rejected);
            return;
        }
        if (!progress.TryNow(delivery.Address.Channel, time.GetUtcNow(), CredentialsWait))
        {
            WaitForCredentials(delivery, WaitingForCredentials(delivery.Address.Channel));
            return;
        }
        if (delivery.Kind != DeliveryKind.Send && (delivery.TargetConversationId is null || delivery.TargetMessageId is null))
        {
            Dead(delivery, "This update does not say which message to replace", status: null, FailureClasses.Rejected);
            return;
        }
        Message? message;
        try
        {
            // A deletion carries no message. A shared one is read and parsed once for all the rows that send it.
            message = delivery.Kind == DeliveryKind.Delete ? NoMessage : outbox.MessageOf(delivery);
        }
        catch (JsonException e)
        {
            Dead(delivery, $"The stored message could not be read: {e.Message}", status: null, FailureClasses.Rejected);
            return;
        }
        if (message is null)
        {
            Dead(delivery, "The stored message is gone", status: null, FailureClasses.Rejected);
            return;
        }

        // Waiting for pacing has sent nothing yet, so a stop ends it at once; the send itself only ends when the grace runs out.
        using var pacing = CancellationTokenSource.CreateLinkedTokenSource(abort, stoppingToken);
        SentMessage sent;
        long? sendStarted = null;
        try
        {
            using var lease = await channel.AcquirePacingAsync(delivery.Address, pacing.Token);
            if (!lease.IsAcquired)
            {
                PacedBack(delivery, lease);
                return;
            }
            // Cancelled by the central team while it waited for pacing: it never goes out.
            if (outbox.DropIfCancelled(delivery)) return;
            // The disk refused a write meanwhile and LiteDB closed the file: this send could not be written down as sent, and
            // the row, still queued in the file, would go again after the restart. Left unsent, it goes once, then.
            if (outbox.FileClosed)
            {
                Log.NotSentFileClosed(logger, delivery.Id);
                return;
            }
            sendStarted = time.GetTimestamp();
            sent = await SendAsync(channel, delivery, message, abort);
        }
        catch (OperationCanceledException) when (pacing.IsCancellationRequested)
        {
            outbox.ReturnToQueue(delivery, time.GetUtcNow());
            Log.DeliveryInterrupted(logger, delivery.Id);
            return;
        }
        catch (DeliveryException e) when (e.WaitsForCredentials)
        {
            // Not given up: the message goes once the platform takes HitBot's messages again (a reinstall and the new token).
            progress.HoldSends(delivery.Address.Channel, time.GetUtcNow());
            WaitForCredentials(delivery, $"{WaitingForCredentials(delivery.Address.Channel)} ({e.Message})");
            HitBotTelemetry.Finished(delivery.Address.Channel, "failed", Took(sendStarted));
            Log.DeliveryRetrying(logger, delivery.Id, e.Status, delivery.Attempts, settings.MaxAttempts, time.GetUtcNow() + CredentialsWait);
            return;
        }
        catch (DeliveryException e) when (e.Permanent)
        {
            // Someone linked on both platforms who blocked HitBot in one still reads the other: the message goes there,
            // as every later one will, instead of being lost to a chat that refuses it.
            if (e.PersonUnreachable && NoteBlocked(delivery, e.Message) is { } elsewhere)
            {
                outbox.Reroute(delivery, elsewhere, $"{e.Message} Sending it in {elsewhere.Channel} instead.", time.GetUtcNow());
                HitBotTelemetry.Finished(delivery.Address.Channel, "failed", Took(sendStarted));
                Log.DeliveryRerouted(logger, delivery.Id, delivery.Address.Channel, elsewhere.Channel);
                return;
            }
            Dead(delivery, e.Message, e.Status, e.FailureClass, Took(sendStarted));
            return;
        }
        catch (DeliveryException e)
        {
            Failed(delivery, e.Message, e.Status, e.RetryAfter, e.FailureClass, Took(sendStarted));
            return;
        }
        catch (Exception e)
        {
            // A timeout, a dropped connection or a bug in an adapter: nothing says it is permanent, so retry it like a 5xx.
            Log.DeliveryFailedUnexpectedly(logger, e, delivery.Id, delivery.Attempts);
            Failed(delivery, $"{e.GetType().Name}: {e.Message}", status: null, retryAfter: null, FailureClasses.Network, Took(sendStarted));
            return;
        }
        // Outside the try: a failure to record success must not turn a sent message into a retry.
        HitBotTelemetry.Finished(delivery.Address.Channel, "sent", Took(sendStarted));
        await SucceededAsync(delivery, sent);
    }

    /// <summary>
    /// Back in the queue for <see cref="CredentialsWait"/>, the attempt not counted (it never gives the message up), shown in
    /// the delivery report as an expired-credentials failure with the reason in words.
    /// </summary>
    void WaitForCredentials(Delivery delivery, string reason) =>
        outbox.MarkFailed(delivery with { Attempts = Math.Max(delivery.Attempts - 1, 0) }, reason, time.GetUtcNow() + CredentialsWait,
            FailureClasses.ExpiredCredentials);

    static string WaitingForCredentials(ChannelKind channel) =>
        $"Waiting: {channel} refuses HitBot itself (the app was removed or its token revoked). It goes out once {channel} " +
        "takes HitBot's messages again (install the app again and set the new token); HitBot tries one message every 5 minutes";

    TimeSpan? Took(long? started) => started is { } at ? time.GetElapsedTime(at) : null;

    static async Task<SentMessage> SendAsync(IChannel channel, Delivery delivery, Message message, CancellationToken ct)
    {
        if (delivery is { Kind: DeliveryKind.Update, TargetConversationId: { } conversationId, TargetMessageId: { } messageId })
        {
            await channel.UpdateAsync(delivery.Address, conversationId, messageId, message, ct);
            return new SentMessage(conversationId, messageId);
        }
        if (delivery is { Kind: DeliveryKind.Delete, TargetConversationId: { } chat, TargetMessageId: { } deleted })
        {
            await channel.DeleteAsync(delivery.Address, chat, deleted, ct);
            return new SentMessage(chat, deleted);
        }
        return delivery.ThreadId is { Length: > 0 } thread
            ? await channel.SendInThreadAsync(delivery.Address, thread, message, ct)
            : await channel.SendAsync(delivery.Address, message, ct);
    }

    async Task SucceededAsync(Delivery delivery, SentMessage sent)
    {
        Interlocked.Increment(ref recording);
        try
        {
            await sentRows.WriteAsync(OutboxStore.SentRow(delivery, sent, time.GetUtcNow()));
        }
        finally
        {
            Interlocked.Decrement(ref recording);
        }
        Log.DeliverySent(logger, delivery.Id, delivery.Address.Channel, delivery.Attempts);
        progress.AcceptedCredentials(delivery.Address.Channel);

        // The platform opened a 1:1 conversation for this first message, or a new one in place of a chat that is gone
        // (Slack, after the app was reinstalled): keep it so the next one does not open another.
        if (delivery is not { Kind: DeliveryKind.Send, PersonId: { } personId }
            || string.IsNullOrEmpty(sent.ConversationId) || sent.ConversationId == delivery.Address.ConversationId) return;
        try
        {
            reach.ConversationOpened(personId, delivery.Address, sent.ConversationId);
        }
        catch (Exception e)
        {
            // The message went out and is recorded; only the shortcut for the next one is lost.
            Log.ConversationNotRemembered(logger, e, delivery.Id, personId);
        }
    }

    /// <summary>
    /// Marks the chat as refusing HitBot, so audiences skip it (and count it) until the person writes or reinstalls; answers
    /// the person's chat on the other platform, if they have one that takes HitBot's messages.
    /// </summary>
    ChannelAddress? NoteBlocked(Delivery delivery, string reason)
    {
        // Only a new message says the chat refuses HitBot; a 404 on an update means that one message is gone.
        if (delivery.Kind != DeliveryKind.Send || delivery.PersonId is not { } personId) return null;
        try
        {
            return reach.ChatRefused(personId, delivery.Address.Channel, reason);
        }
        catch (Exception e)
        {
            // The delivery is recorded as dead; only the shortcut for later sends is lost.
            Log.ConversationNotRemembered(logger, e, delivery.Id, personId);
            return null;
        }
    }

    /// <summary>The channel's rate limiter said not yet. Nothing was sent, so the attempt does not count against MaxAttempts.</summary>
    void PacedBack(Delivery delivery, RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : PacingRetry;
        var retryAt = time.GetUtcNow() + wait;
        outbox.MarkFailed(delivery with { Attempts = Math.Max(delivery.Attempts - 1, 0) },
            $"Waiting for the {delivery.Address.Channel} rate limit; trying again at {Format(retryAt)}", retryAt, FailureClasses.Throttled);
        Log.DeliveryPaced(logger, delivery.Id, delivery.Address.Channel, retryAt);
    }

    void Failed(Delivery delivery, string reason, int? status, TimeSpan? retryAfter, string failureClass, TimeSpan? took = null)
    {
        // A platform's "too many requests" says nothing was posted and when to come back: it never gives a message up.
        // Counted, a fan-out sent while Teams throttled the bot lost the people whose rows met MaxAttempts 429s in a row.
        // (Still counted as an attempt, so the waits without a Retry-After keep growing.)
        if (delivery.Attempts >= settings.MaxAttempts && failureClass != FailureClasses.Throttled)
        {
            Dead(delivery, $"gave up after {delivery.Attempts} attempts: {reason}", status, failureClass, took);
            return;
        }
        var wait = retryAfter is { } after && after > TimeSpan.Zero
            ? after
            : RetryPolicy.Backoff(delivery.Attempts, Random.Shared.NextDouble() * 2 - 1);
        var retryAt = time.GetUtcNow() + wait;
        outbox.MarkFailed(delivery, $"{reason}; retrying at {Format(retryAt)}", retryAt, failureClass);
        NoteCredentials(delivery, failureClass);
        Log.DeliveryRetrying(logger, delivery.Id, status, delivery.Attempts, settings.MaxAttempts, retryAt);
        // A 429 is the platform pacing HitBot, not a failure: counted apart, so "failed" on a dashboard means something broke.
        if (failureClass == FailureClasses.Throttled)
        {
            HitBotTelemetry.Finished(delivery.Address.Channel, "throttled", took);
            return;
        }
        HitBotTelemetry.Finished(delivery.Address.Channel, "failed", took);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "failed, will retry");
    }

    void Dead(Delivery delivery, string reason, int? status, string failureClass, TimeSpan? took = null)
    {
        outbox.MarkDead(delivery, reason, failureClass);
        NoteCredentials(delivery, failureClass);
        HitBotTelemetry.Finished(delivery.Address.Channel, "dead", took);
        Activity.Current?.SetStatus(ActivityStatusCode.Error, "dead");
        Log.DeliveryDead(logger, delivery.Id, delivery.Attempts, status, reason);
    }

    /// <summary>A refusal of HitBot's own token fails every send to that platform alike: /readyz says so until one goes through.</summary>
    void NoteCredentials(Delivery delivery, string failureClass)
    {
        if (failureClass == FailureClasses.ExpiredCredentials) progress.RefusedCredentials(delivery.Address.Channel, time.GetUtcNow());
    }

    /// <summary>
    /// The next try's time in a reason the dashboard and the deliveries CSV show: in the program's zone, named, as every
    /// other time there is (UTC only without a program clock, in the dispatcher's own tests).
    /// </summary>
    string Format(DateTimeOffset instant) => clock is null
        ? instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)
        : TimeZoneInfo.ConvertTime(instant, clock.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + $" ({clock.Zone.Id})";
}
