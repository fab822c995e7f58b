using LiteDB;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Storage;

/// <summary>
/// Schema steps, applied in order once each; the version lives in the file (LiteDB's user_version pragma),
/// so a newer HitBot opening an older file upgrades it and an older HitBot refuses a newer file.
/// </summary>
static class Migrations
{
    /// <summary>
    /// Every part's steps, found by looking for <see cref="ISchemaSteps"/> in this assembly: a test, a CLI verb and the host
    /// that open the file all get the same schema without a list to keep, and Storage names no feature.
    /// </summary>
    static readonly SchemaStep[] All = typeof(Migrations).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ISchemaSteps).IsAssignableFrom(t))
        .SelectMany(t => ((ISchemaSteps)Activator.CreateInstance(t)!).Steps)
        .OrderBy(s => s.Version).ThenBy(s => s.Name, StringComparer.Ordinal)
        .ToArray();

    public static readonly int Current = CheckContiguous(All);

    /// <summary>A file a newer HitBot wrote is refused before anything is written to it (not even a pragma).</summary>
    public static void RefuseNewer(LiteDatabase db, string path)
    {
        if (db.UserVersion > Current)
            throw new DatabaseTooNewException(
                $"The database file {path} has schema version {db.UserVersion}, newer than this HitBot understands ({Current}). " +
                "HitBot did not change it and will not start on it: run the newer HitBot that wrote it, or restore a backup taken by this version.");
    }

    /// <summary>
    /// A LiteDB file of another program (the wrong file restored) is refused before anything is written to it. Every HitBot
    /// stamps its file with version 1 or more before it stores a document, so a version-0 file holding documents is not one
    /// HitBot made; a version-0 file with HitBot's empty collections is a first start that stopped in its first step.
    /// </summary>
    public static void RefuseForeign(LiteDatabase db, string path)
    {
        if (db.UserVersion != 0) return;
        var holding = db.GetCollectionNames().Where(name => db.GetCollection(name).Exists(Query.All()))
            .Order(StringComparer.Ordinal).ToList();
        if (holding.Count > 0)
            throw new DatabaseDamagedException(path,
                $"is a LiteDB database but not a HitBot database (it holds data in {string.Join(", ", holding)} and no HitBot schema version): the wrong file, most likely");
    }

    public static void Apply(LiteDatabase db, string path, TimeProvider time, ILogger? logger = null)
    {
        RefuseNewer(db, path);

        // A new file (version 0) is made, not upgraded: only an older HitBot's file is worth a line.
        var from = db.UserVersion;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        if (from > 0 && from < Current && logger is not null) Log.Upgrading(logger, path, from, Current);
        for (var version = from; version < Current; version++)
        {
            foreach (var step in All.Where(s => s.Version == version + 1)) step.Apply(db, time);
            db.UserVersion = version + 1;
        }
        if (from > 0 && from < Current && logger is not null)
            Log.Upgraded(logger, Current, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    /// <summary>A version no part claims would be stamped on files without anything done: a step lost in a refactor.</summary>
    static int CheckContiguous(SchemaStep[] steps)
    {
        var current = steps.Length == 0 ? 0 : steps.Max(s => s.Version);
        var missing = Enumerable.Range(1, current).Where(v => steps.All(s => s.Version != v)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"No schema step has version {string.Join(", ", missing)}; versions must run 1..{current} without gaps.");
        return current;
    }
}
