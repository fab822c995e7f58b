namespace HitBot.Core.Storage;

/// <summary>Another HitBot process holds the database file (say `import-roster` while the service runs).</summary>
public sealed class DatabaseInUseException : InvalidOperationException
{
    public DatabaseInUseException() { }

    public DatabaseInUseException(string message) : base(message) { }

    public DatabaseInUseException(string message, Exception innerException) : base(message, innerException) { }
}
