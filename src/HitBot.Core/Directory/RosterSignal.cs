using HitBot.Core.Messaging;

namespace HitBot.Core.Directory;

/// <summary>Raised after a roster import changed people, so channels can link the new names to their chat accounts.</summary>
public sealed class RosterSignal : WakeSignal;
