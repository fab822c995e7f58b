using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests;

/// <summary>A real LiteDB file in its own temp folder, deleted on Dispose. <see cref="Reopen"/> simulates a restart.</summary>
public sealed class TempDb : IDisposable
{
    public TempDb()
    {
        Folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Folder);
        Db = Open();
    }

    public string Folder { get; }
    public string FilePath => Path.Combine(Folder, "hitbot.db");
    public HitBotDb Db { get; private set; }

    /// <param name="time">The clock HitBot runs on (an upgrade stamps its history notes with it); null: the system's.</param>
    public HitBotDb Reopen(TimeProvider? time = null)
    {
        Db.Dispose();
        Db = Open(time);
        return Db;
    }

    /// <summary>
    /// Stops HitBot, changes the file with LiteDB alone (as an older HitBot left it, say), and starts HitBot on it again,
    /// which upgrades it to the current schema.
    /// </summary>
    public HitBotDb ReopenAfter(Action<LiteDB.LiteDatabase> onTheFile)
    {
        Db.Dispose();
        using (var raw = new LiteDB.LiteDatabase(new LiteDB.ConnectionString { Filename = FilePath, Connection = LiteDB.ConnectionType.Direct }))
            onTheFile(raw);
        Db = Open();
        return Db;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with HitBot stopping before its commit number <paramref name="commit"/> (0 is the
    /// first), as a crash would, then reopens the file as a restart does: the caller builds every part again on
    /// <see cref="Db"/>. False when the work finished before reaching that commit: every stopping point has been tried.
    /// </summary>
    public bool StopsBeforeCommit(int commit, Action work)
    {
        Db.CrashBeforeCommit(commit);
        try
        {
            work();
            return false;
        }
        catch (HitBot.Core.Storage.SimulatedCrash)
        {
            return true;
        }
        finally
        {
            Db.CrashBeforeCommit(null);
            Reopen();
        }
    }

    /// <summary>The anonymity key, in a file beside (never inside) the data folder, removed on Dispose.</summary>
    public HitBot.Core.Surveys.AnonymityKey AnonymityKey() =>
        new(Options.Create(new HitBot.Core.Surveys.SurveyOptions { AnonymityKeyPath = Folder + ".anonymity.key" }), Db);

    HitBotDb Open(TimeProvider? time = null) => new(Options.Create(new StorageOptions { Path = FilePath }), time: time);

    public void Dispose()
    {
        File.Delete(Folder + ".anonymity.key");
        Db.Dispose();
        try { System.IO.Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow CI disk: the OS temp cleaner takes it */ }
    }
}
