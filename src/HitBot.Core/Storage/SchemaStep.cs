using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// One change to the file's shape (an index, a rewrite), owned by the part whose documents it touches. Steps of the same
/// <see cref="Version"/> from different parts are independent of each other; the file's version rises once all of them ran.
/// <see cref="Apply"/> gets the clock HitBot runs on: a step that writes a time (a history note) takes it from there.
/// </summary>
public sealed record SchemaStep(int Version, string Name, Action<LiteDatabase, TimeProvider> Apply)
{
    /// <summary>A step that writes no time.</summary>
    public SchemaStep(int version, string name, Action<LiteDatabase> apply) : this(version, name, (db, _) => apply(db)) { }
}

/// <summary>
/// A part's schema steps. Each part keeps its own next to its documents (e.g. Directory/DirectorySchema.cs); Storage finds
/// them in the assembly (<see cref="Migrations"/>), so it depends on no part and a new feature adds its steps in its own folder.
/// </summary>
public interface ISchemaSteps
{
    IEnumerable<SchemaStep> Steps { get; }
}
