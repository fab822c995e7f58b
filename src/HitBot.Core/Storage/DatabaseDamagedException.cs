namespace HitBot.Core.Storage;

/// <summary>
/// The database file cannot be opened as a HitBot database. HitBot stops rather than start over or repair it in place:
/// the file is left exactly as it was, for the operator to restore a backup (README, "Backing up the data").
/// </summary>
public sealed class DatabaseDamagedException : Exception
{
    public DatabaseDamagedException(string path, string what, Exception? inner = null)
        : base($"The database file {path} {what}. HitBot did not change it and will not start on it: restore the latest backup " +
               "(README, \"Backing up the data\" → Restore), or move the file away to start with an empty database.", inner)
    {
        FilePath = path;
    }

    public DatabaseDamagedException() { }

    public DatabaseDamagedException(string message) : base(message) { }

    public DatabaseDamagedException(string message, Exception innerException) : base(message, innerException) { }

    public string FilePath { get; } = "";
}
