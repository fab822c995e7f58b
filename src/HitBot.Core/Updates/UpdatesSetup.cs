using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Updates;

/// <summary>The central team's updates: composing, audiences, sending, series, corrections.</summary>
public static class UpdatesSetup
{
    public static IServiceCollection AddUpdates(this IServiceCollection services)
    {
        services.AddSingleton<UpdateStore>();
        services.AddSingleton<UpdateTitles>();
        services.AddSingleton<UpdateMessages>();
        services.AddSingleton<AudienceResolver>();
        services.AddSingleton<UpdateSender>();
        services.AddSingleton<UpdateDigests>();
        services.AddSingleton<UpdateCorrections>();
        services.AddSingleton<UpdateScheduling>();
        services.AddSingleton<UpdateHolds>();
        services.AddSingleton<SeriesStore>();
        services.AddSingleton<SeriesRunner>();
        services.AddSingleton<SeriesEdits>();
        services.AddSingleton<UpdateDrafts>();
        services.AddSingleton<UpdateScheduleSignal>();
        services.AddSingleton<UpdateSchedulerProgress>().AddHostedService<UpdateScheduler>();
        services.AddSingleton<IInteractionRoutes, UpdateRoutes>();
        services.AddSingleton<UpdatePosting>();
        services.AddSingleton<SiteUpdates>();
        services.AddSingleton<IInteractionRoutes, UpdateComposeRoutes>();
        services.AddSingleton<IHomeSection, LatestUpdateHomeSection>();
        services.AddSingleton<ICardSamples, UpdateCardSamples>();
        return services;
    }
}
