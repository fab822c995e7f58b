using HitBot.Core.Storage;

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
    }

    /// <summary>A damaged file, one another HitBot holds, one a newer HitBot wrote, or a folder HitBot cannot write: each the operator's to fix, said in one line.</summary>
    static Exception? Damage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DatabaseDamagedException or DatabaseInUseException or DatabaseTooNewException or DatabaseFolderException) return e;
        return null;
    }
}
