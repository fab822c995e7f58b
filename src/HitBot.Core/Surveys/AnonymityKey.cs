using System.Security.Cryptography;
using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Surveys;

/// <summary>
/// The secret behind anonymous respondent keys, kept in a file of its own (<see cref="SurveyOptions.AnonymityKeyPath"/>),
/// never in the database. Files from before this change kept it in the database's <c>secrets</c> collection: it is moved
/// out on first use, so people who answered before keep their one response per run.
/// </summary>
public sealed class AnonymityKey(IOptions<SurveyOptions> options, HitBotDb db)
{
    const string LegacyCollection = "secrets";
    const string LegacyId = "survey-respondent-key";
    const int KeyBytes = 32;

    readonly Lock gate = new();
    byte[]? key;

    public string FilePath => options.Value.EffectiveKeyPath;

    /// <summary>
    /// True when no key is loaded, none is in its file and none in an older database: the next anonymous answer makes a
    /// new one (a fresh install, or a database moved or restored without its key file).
    /// </summary>
    public bool IsMissing
    {
        get
        {
            lock (gate)
                return key is null && !File.Exists(FilePath) && db.Collection<LegacySecret>(LegacyCollection).FindById(LegacyId) is null;
        }
    }

    /// <summary>
    /// Moves a key an older HitBot kept in the database out to its file now, as HitBot starts, not at the next anonymous
    /// answer, which may be months away: until then every backup of the database carried the key beside the anonymous
    /// answers it turns back into people. False when the database holds none.
    /// </summary>
    public bool MoveOutOfDatabase()
    {
        lock (gate)
        {
            if (db.Collection<LegacySecret>(LegacyCollection).FindById(LegacyId) is null) return false;
            key = Load();
            return true;
        }
    }

    public byte[] Value
    {
        get
        {
            lock (gate) return key ??= Load();
        }
    }

    /// <summary>
    /// <paramref name="text"/> (a person's id with something of theirs) hashed under the key, as hex: the same text gives the
    /// same value, but nobody without the key file can tell from it whose it is, by trying every person on the roster.
    /// </summary>
    public string Keyed(string text) => Convert.ToHexStringLower(HMACSHA256.HashData(Value, System.Text.Encoding.UTF8.GetBytes(text)));

    byte[] Load()
    {
        var legacy = db.Collection<LegacySecret>(LegacyCollection);
        var fromDatabase = legacy.FindById(LegacyId);
        var path = FilePath;
        byte[] value;
        if (File.Exists(path))
        {
            value = File.ReadAllBytes(path);
            // A database an older HitBot kept its key in was never opened by a newer one (that would have moved the key
            // out), so its anonymous answers were made with that key: a different file belongs to another copy of the data.
            // Dropping the database's key for it lost, for good, which answer each person gave, and someone who edited
            // theirs in an open run was counted twice. Nothing is changed; the operator decides.
            if (fromDatabase?.Value is { Length: KeyBytes } inDatabase && !inDatabase.AsSpan().SequenceEqual(value))
                throw new OptionsValidationException(Options.DefaultName, typeof(SurveyOptions), [
                    $"HitBot:Surveys:AnonymityKeyPath ({path}) holds another anonymity key than the one this database was used with " +
                    "(an older HitBot kept it inside the database): the database's anonymous answers need the database's key. Move that " +
                    "file aside (keep it with the backup it belongs to) and start again; HitBot then moves the database's key into it."]);
        }
        else
        {
            value = fromDatabase?.Value is { Length: KeyBytes } old ? old : RandomNumberGenerator.GetBytes(KeyBytes);
            Write(path, value);
        }
        if (value.Length != KeyBytes)
            throw new InvalidOperationException($"The anonymity key file {path} is not a HitBot key ({value.Length} bytes, expected {KeyBytes}); restore it from the backup.");
        // Only once the file holds the key is the database's copy dropped.
        if (fromDatabase is not null) legacy.Delete(LegacyId);
        return value;
    }

    static void Write(string path, byte[] value)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } folder) System.IO.Directory.CreateDirectory(folder);
        var temporary = path + ".new";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            file.Write(value);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: false);
    }

    sealed record LegacySecret
    {
        public string Id { get; init; } = "";
        public byte[] Value { get; init; } = [];
    }
}
