using HitBot.Core.Loops;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>Wakes the dispatcher when something is queued, so a send starts at once instead of at the next poll.</summary>
public sealed class OutboxSignal : WakeSignal;
