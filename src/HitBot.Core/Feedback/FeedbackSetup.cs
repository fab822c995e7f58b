using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Updates;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Feedback;

/// <summary>Two-way feedback and appreciation.</summary>
public static class FeedbackSetup
{
    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<ReplyAddressSeal>();
        services.AddSingleton<IQuestionCounts, FeedbackQuestionCounts>();
        services.AddSingleton<FeedbackInbox>();
        services.AddSingleton<FeedbackWordRemoval>();
        services.AddSingleton<IRetentionPass, FeedbackOfferRetention>();
        services.AddSingleton<IDigestSection, FeedbackDigestSection>();
        services.AddSingleton<AppreciationStore>().AddSingleton<AppreciationSender>();
        services.AddSingleton<IInteractionRoutes, FeedbackRoutes>();
        services.AddSingleton<ICardSamples, FeedbackCardSamples>();
        return services;
    }
}
