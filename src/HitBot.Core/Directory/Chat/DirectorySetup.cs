using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Directory.Chat;

/// <summary>The directory: people, their chat addresses, roster import, consent.</summary>
public static class DirectorySetup
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        // HitBot:Program:TimeZone checked as people's zones are named (ZoneName): AddProgram's own checks cannot reach it.
        services.AddSingleton<IValidateOptions<ProgramOptions>, ProgramZoneCheck>();
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<IPersonZones>(s => s.GetRequiredService<PeopleDirectory>());
        services.AddSingleton<ReachTally>();
        services.AddSingleton<IReachHook, ReachFromDeliveries>();
        services.AddSingleton<RosterSignal>();
        services.AddSingleton<RosterImport>();
        services.AddSingleton<PersonalTokens>();
        services.AddSingleton<ICardSamples, DirectoryCardSamples>();
        services.AddSingleton<IInteractionRoutes, ConsentRoutes>();
        services.AddSingleton<PersonEdits>();
        services.AddSingleton<ReachedWelcome>();
        return services;
    }
}
