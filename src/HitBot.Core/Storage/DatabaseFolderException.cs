namespace HitBot.Core.Storage;

/// <summary>
/// The folder of <c>HitBot:Storage:Path</c> cannot be made or written by HitBot's account (a service user meeting a
/// <c>/var/lib/hitbot</c> nobody made for it, a file where the folder should be).
/// </summary>
public sealed class DatabaseFolderException : InvalidOperationException
{
    public DatabaseFolderException() { }

    public DatabaseFolderException(string message) : base(message) { }

    public DatabaseFolderException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The sentence for <paramref name="folder"/>, with the system's reason and what to do.</summary>
    public static DatabaseFolderException For(string folder, Exception reason) => new(
        $"HitBot cannot create or write its database folder {folder} (HitBot:Storage:Path): {reason.Message} " +
        "Create the folder, give HitBot's account write access to it, or set HitBot:Storage:Path to a folder it can write.", reason);
}
