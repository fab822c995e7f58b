using HitBot.Core.Storage;

namespace HitBot.Core.ActionPlan;

/// <summary>The program's current phase, as the central team set it, and when.</summary>
public sealed record CurrentPhase
{
    public string Id { get; init; } = ProgramPhases.Key;
    public ActionPhase Phase { get; init; }
    public DateTime ChangedAt { get; init; }
}

/// <summary>
/// Where the program is (seed 000 §1, seed 001): one setting, unset until the central team chooses. The board and the digest
/// lead with its items, and a change can be announced to chosen roles (<see cref="PhaseAnnouncement"/>).
/// </summary>
public sealed class ProgramPhases(HitBotDb db, ActionPlanSignal signal, TimeProvider time)
{
    public const string Collection = "settings";
    public const string Key = "program-phase";

    public CurrentPhase? Current() => db.Collection<CurrentPhase>(Collection).FindById(Key);

    /// <summary>Sets the phase; setting the phase it already is changes nothing (and keeps its date, so an announcement is not repeated).</summary>
    public CurrentPhase Set(ActionPhase phase)
    {
        if (Current() is { } current && current.Phase == phase) return current;
        var changed = new CurrentPhase { Phase = phase, ChangedAt = time.GetUtcNow().UtcDateTime };
        db.Collection<CurrentPhase>(Collection).Upsert(changed);
        signal.Notify();
        return changed;
    }

    /// <summary>The phases in the order a board shows them: the current one first, then the rest in plan order.</summary>
    public IReadOnlyList<ActionPhase> BoardOrder() =>
        Current() is { } current ? [current.Phase, .. Enum.GetValues<ActionPhase>().Where(p => p != current.Phase)] : Enum.GetValues<ActionPhase>();
}
