namespace HitBot.Core.Storage;

/// <summary>
/// The file was written by a newer HitBot (a backup restored onto an older install, or a downgrade). HitBot refuses it
/// rather than damage it, and says so in one line (README, "Backing up the data").
/// </summary>
public sealed class DatabaseTooNewException : InvalidOperationException
{
    public DatabaseTooNewException() { }

    public DatabaseTooNewException(string message) : base(message) { }

    public DatabaseTooNewException(string message, Exception innerException) : base(message, innerException) { }
}
