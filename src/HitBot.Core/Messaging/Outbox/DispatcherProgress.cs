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

    internal void AcceptedCredentials(ChannelKind channel)
    {
        // Every send goes through here: nothing to take off is the usual case, and costs no lock.
        if (!anyCredentialsRefused) return;
        lock (gate)
        {
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
