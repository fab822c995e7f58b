using HitBot.Core.Loops;

namespace HitBot.Core.Directory;

/// <summary>Raised after a roster import changed people, so channels can link the new names to their chat accounts.</summary>
/// <remarks>
/// A wake signal holds one pending wake-up, which the first waiter takes. Each further loop that wants to hear about
/// imports (Slack's linker waits on this one, Teams' installer listens) gets a signal of its own, so none takes another's.
/// </remarks>
public sealed class RosterSignal : WakeSignal
{
    readonly Lock gate = new();
    readonly List<WakeSignal> listeners = [];

    public WakeSignal Listen()
    {
        var listener = new WakeSignal();
        lock (gate) listeners.Add(listener);
        return listener;
    }

    public override void Notify()
    {
        base.Notify();
        WakeSignal[] all;
        lock (gate) all = [.. listeners];
        foreach (var listener in all) listener.Notify();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            lock (gate)
                foreach (var listener in listeners) listener.Dispose();
        base.Dispose(disposing);
    }
}
