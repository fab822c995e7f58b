using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

/// <summary>Opens the database before anything else starts, so a damaged or busy file stops HitBot with one line and no stack trace.</summary>
public static class DatabaseOpen
{
    /// <summary>The one line to print when the file cannot be used, or null once it is open.</summary>
    public static string? Problem(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<HitBotDb>();
            return null;
        }
        catch (Exception e) when (Damage(e) is { } damaged)
        {
            return "hitbot: " + damaged.Message;
        }
        catch (Exception e) when (Refusal(e) is { } refused)
        {
            // The setting names a folder (HitBot__Storage__Path=/var/lib/hitbot), or the file belongs to another account (a
            // verb run with sudo made it root's): the system's sentence, the file, the key and what to do.
            var path = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
            return $"hitbot: HitBot cannot open its database file {path} (HitBot:Storage:Path): {refused.Message} " +
                "The setting must name a file, not a folder, that HitBot's account can read and write (a file another account made needs chown).";
        }
        catch (Exception e) when (Disk(e) is { } refused)
        {
            // A full disk, or one remounted read-only, met while the file is opened or upgraded: the write that failed was
            // never committed, so the file keeps what it held and the next start carries on.
            var path = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.Path);
            return $"hitbot: HitBot cannot write its database file {path} (HitBot:Storage:Path): {refused.Message} " +
                "Free space on that disk (or make it writable), then start HitBot again: the file keeps what it held, and an upgrade carries on from the step it reached.";
        }
    }

    /// <summary>A damaged file, one another HitBot holds, one a newer HitBot wrote, or a folder HitBot cannot write: each the operator's to fix, said in one line.</summary>
    static Exception? Damage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DatabaseDamagedException or DatabaseInUseException or DatabaseTooNewException or DatabaseFolderException) return e;
        return null;
    }

    static IOException? Disk(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is IOException refused) return refused;
        return null;
    }

    static UnauthorizedAccessException? Refusal(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is UnauthorizedAccessException refused) return refused;
        return null;
    }
}
