namespace HitBot.Hosting;

public static class HostSetup
{
    /// <summary>What the web host itself needs: problem details, the clock, admin options and the start-up work.</summary>
    public static IServiceCollection AddHitBotHost(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        // Start-up work runs before the dispatcher so interrupted sends are back in the queue when it starts.
        services.AddHostedService<StartupTasks>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }
}
