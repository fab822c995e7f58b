using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

public static class HostSetup
{
    /// <summary>What the web host itself needs: problem details, the clock, admin options and the start-up work.</summary>
    public static IServiceCollection AddHitBotHost(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminTokenCheck>();
        // Start-up work runs before the dispatcher so interrupted sends are back in the queue when it starts.
        services.AddHostedService<StartupTasks>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }
}

/// <summary>Refuses a guessable admin token at start-up with the reason (a fixed message could not say which rule).</summary>
sealed class AdminTokenCheck : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        AdminOptions.Weakness(options.Token) is { } why ? ValidateOptionsResult.Fail(why) : ValidateOptionsResult.Success;
}
