using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Messaging.Routing;

/// <summary>The messaging spine: outbox and dispatcher, inbound ids and inbox, routing, the home page, retention.</summary>
public static class MessagingSetup
{
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddOptions<DispatcherOptions>().BindConfiguration(DispatcherOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<MessageBudget>();
        services.AddSingleton<DispatcherProgress>().AddHostedService<Dispatcher>();
        services.AddSingleton<InboundStore>();
        services.AddSingleton<InboundCommits>();
        services.AddSingleton<RetentionSignal>();
        services.AddSingleton<RetentionProgress>().AddHostedService<RetentionLoop>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<InteractionRouter>();
        services.AddSingleton<IInteractionRoutes, HelpCommand>();
        services.AddSingleton<HomePage>();
        services.AddSingleton<IHomeSection, HelpHomeSection>();
        return services;
    }
}
