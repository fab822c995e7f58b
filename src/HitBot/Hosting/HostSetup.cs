namespace HitBot.Hosting;

public static class HostSetup
{
    /// <summary>What the web host itself needs: problem details, the clock, admin options and the start-up work.</summary>
    public static IServiceCollection AddHitBotHost(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section)
            .Validate(o => o.Token.Length is 0 or >= AdminOptions.MinTokenLength,
                "HitBot:Admin:Token must be at least 16 characters (generate one with `openssl rand -hex 32`), or empty to turn the admin API off.")
            .ValidateOnStart();
        // Start-up work runs before the dispatcher so interrupted sends are back in the queue when it starts.
        services.AddHostedService<StartupTasks>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }
}
