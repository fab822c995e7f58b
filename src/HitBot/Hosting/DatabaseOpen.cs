using HitBot.Core.Storage;

namespace HitBot.Hosting;

/// <summary>Opens the database before anything else starts, so a damaged file stops HitBot with one line and no stack trace.</summary>
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

    static DatabaseDamagedException? Damage(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DatabaseDamagedException damaged) return damaged;
        return null;
    }
}
