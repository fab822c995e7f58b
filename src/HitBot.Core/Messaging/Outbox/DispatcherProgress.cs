using HitBot.Core.Loops;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>What the dispatcher has done so far, announced as it happens so tests (and later the dashboard) wait without polling.</summary>
public sealed class DispatcherProgress() : ProgressSignal("dispatcher")
{
    readonly Lock gate = new();
    long finished;
    DateTimeOffset? settledAt;
    bool stopping;

    /// <summary>Deliveries whose attempt is over and recorded (sent, failed, dead or put back).</summary>
    public long Finished => Interlocked.Read(ref finished);

    /// <summary>
    /// The time the dispatcher last looked at the outbox and found nothing due and nothing in flight; null while it works.
    /// Set only once its wait is armed, so moving a fake clock after seeing it always wakes the dispatcher.
    /// </summary>
    public DateTimeOffset? SettledAt { get { lock (gate) return settledAt; } }

    /// <summary>True once the host asked the dispatcher to stop and it is letting sends in flight finish.</summary>
    public bool Stopping { get { lock (gate) return stopping; } }

    readonly Dictionary<ChannelKind, DateTimeOffset> credentialsRefused = [];
    volatile bool anyCredentialsRefused;
    /// <summary>Platforms whose messages wait (<see cref="HoldSends"/>), with the time of the latest message let through to try.</summary>
    readonly Dictionary<ChannelKind, DateTimeOffset?> held = [];

    /// <summary>
    /// The platforms that refused HitBot's own credentials on their latest send (a revoked Slack token, a wrong Teams
    /// secret), with the time of the first refusal; a send that goes through takes its platform off. In memory: /readyz's.
    /// </summary>
    public IReadOnlyDictionary<ChannelKind, DateTimeOffset> CredentialsRefused
    {
        get { lock (gate) return new Dictionary<ChannelKind, DateTimeOffset>(credentialsRefused); }
    }

    /// <summary>Also said by a platform's start-up check made again in the background: it refused before any send did.</summary>
    public void RefusedCredentials(ChannelKind channel, DateTimeOffset at)
    {
        lock (gate)
        {
            credentialsRefused.TryAdd(channel, at);
            anyCredentialsRefused = true;
        }
        Announce();
    }

    /// <summary>
    /// The platform refuses HitBot itself (Slack's app_uninstalled or tokens_revoked, a send refused with a revoked token):
    /// its messages wait in the outbox instead of each being tried and given up, and one is tried now and then
    /// (<see cref="TryNow"/>). A send that goes through ends it; so does a restart (with the new token).
    /// </summary>
    public void HoldSends(ChannelKind channel, DateTimeOffset at)
    {
        lock (gate) held.TryAdd(channel, null);
        RefusedCredentials(channel, at);
    }

    /// <summary>
    /// Whether a message to <paramref name="channel"/> may be tried now: always, unless its messages are held; then one
    /// every <paramref name="every"/>, to see whether the platform takes them again.
    /// </summary>
    internal bool TryNow(ChannelKind channel, DateTimeOffset now, TimeSpan every)
    {
        if (!anyCredentialsRefused) return true;
        lock (gate)
        {
            if (!held.TryGetValue(channel, out var lastTried)) return true;
            if (lastTried is { } last && now - last < every) return false;
            held[channel] = now;
            return true;
        }
    }

    internal void AcceptedCredentials(ChannelKind channel)
    {
        // Every send goes through here: nothing to take off is the usual case, and costs no lock.
        if (!anyCredentialsRefused) return;
        lock (gate)
        {
            held.Remove(channel);
            credentialsRefused.Remove(channel);
            anyCredentialsRefused = credentialsRefused.Count > 0;
        }
    }

    internal void DeliveryFinished()
    {
        Interlocked.Increment(ref finished);
        Announce();
    }

    internal void Working()
    {
        lock (gate) settledAt = null;
    }

    internal void Settled(DateTimeOffset lookedAt)
    {
        lock (gate) settledAt = lookedAt;
        Announce();
    }

    internal void StopRequested()
    {
        lock (gate)
        {
            stopping = true;
            settledAt = null;
        }
        Announce();
    }
}
