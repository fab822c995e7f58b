using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.ActionPlan;

/// <summary>The action plan: items, owners, reminders, phases.</summary>
public static class ActionPlanSetup
{
    public static IServiceCollection AddActionPlan(this IServiceCollection services)
    {
        services.AddOptions<ActionPlanOptions>().BindConfiguration(ActionPlanOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ActionPlanStore>();
        services.AddSingleton<ActionPlanSignal>();
        services.AddSingleton<ActionItemChanges>();
        services.AddSingleton<ProgramPhases>();
        services.AddSingleton<PhaseAnnouncement>();
        services.AddSingleton<AssignmentImport>();
        services.AddSingleton<IInteractionRoutes, ActionItemRoutes>();
        services.AddSingleton<ReminderHolds>();
        services.AddSingleton<ActionRemindersProgress>();
        services.AddSingleton<ActionReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<ActionReminders>());
        services.AddSingleton<IInteractionRoutes, MyItemsCommand>();
        services.AddSingleton<IHomeSection, MyItemsHomeSection>();
        services.AddSingleton<ICardSamples, ActionPlanCardSamples>();
        return services;
    }
}
