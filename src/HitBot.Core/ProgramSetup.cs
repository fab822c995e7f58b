using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core;

/// <summary>The program's settings and clock (its time zone), which every part reads.</summary>
public static class ProgramSetup
{
    public static IServiceCollection AddProgram(this IServiceCollection services)
    {
        services.AddOptions<ProgramOptions>().BindConfiguration(ProgramOptions.Section).ValidateDataAnnotations()
            // Left empty in an environment file, every welcome card read "Welcome to , Ana!".
            .Validate(o => !string.IsNullOrWhiteSpace(o.Name),
                "HitBot:Program:Name must be the program's name as tutors know it, e.g. Lincoln County Tutoring Corps.")
            .ValidateOnStart();
        services.AddSingleton<ProgramClock>();
        return services;
    }
}
