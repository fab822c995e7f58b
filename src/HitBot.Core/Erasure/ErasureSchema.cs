using HitBot.Core.Storage;

namespace HitBot.Core.Erasure;

/// <summary>Holds version 17 so that version 18 (answers and reactions by person, for erasure) can run on this branch.</summary>
/// <remarks>
/// Version 17 belongs to a change reviewed at the same time as this one: at merge this file goes and that step takes the
/// number (or 18 is renumbered after it). It changes nothing in the file.
/// </remarks>
sealed class ErasureSchema : ISchemaSteps
{
    public IEnumerable<SchemaStep> Steps => [new(17, "held for a step merged alongside", _ => { })];
}
