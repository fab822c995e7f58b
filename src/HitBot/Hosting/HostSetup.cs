using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

public static class HostSetup
{
    /// <summary>What the web host itself needs: problem details, the clock, admin options and the start-up work.</summary>
    public static IServiceCollection AddHitBotHost(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusTitles.Fill);
        // A body or query value the admin API cannot read is thrown rather than answered "Bad Request", so that
        // UnreadableRequest can say which field and what it must be.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<UnreadableRequest>();
        // A full or read-only disk under the database: a 503 that says so to the admin API and the dashboard, not a bare 500.
        services.AddExceptionHandler<StorageRefusal>();
        services.AddSingleton(TimeProvider.System);
        services.AddBodyLimits();
        services.AddTrustedProxies();
        services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminTokenCheck>();
        // Emulator mode checks no token: whoever reaches /api/messages could act as any linked person, and a card's answer
        // comes back in the HTTP response. So it runs only where nobody but this machine can reach HitBot.
        services.AddOptions<HitBot.Teams.TeamsOptions>().Validate<IConfiguration>((teams, configuration) => !teams.Emulator || ListenAddresses.LoopbackOnly(configuration),
            "HitBot:Teams:Emulator=true switches Teams' token checks off, so HitBot runs it only when it listens on this machine alone " +
            "(for example ASPNETCORE_URLS=http://localhost:3978). To reach HitBot from elsewhere, connect a real bot (HitBot:Teams:AppId).");
        // Start-up work runs before the dispatcher so interrupted sends are back in the queue when it starts.
        services.AddHostedService<StartupTasks>();
        services.AddHostedService<DatabaseFileWatch>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // Every admin body: a field its address does not take ("optOut" for "optedOut", "ownerID", a field only another
            // address takes) is a 400 naming it (UnreadableRequest), and nothing changes. Left out, the answer was a 200
            // with that part of the change silently not made, and the script or the person took it as made.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>()
            .Configure<HitBot.Core.ProgramClock>((o, clock) => o.SerializerOptions.Converters.Add(new ProgramTimeJson(clock.Zone)));
        return services;
    }
}

/// <summary>
/// Refuses a guessable admin token, or a personal token lifetime that is no number of days, at start-up with the reason
/// (a fixed message could not say which rule).
/// </summary>
sealed class AdminTokenCheck : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        string[] problems = [.. new[] { AdminOptions.Weakness(options.Token), options.PersonalTokenDaysProblem() }.OfType<string>()];
        return problems.Length > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
