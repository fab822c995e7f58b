using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.Options;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Surveys;

/// <summary>Tutor surveys: runs, answers, results.</summary>
public static class SurveysSetup
{
    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SurveyOptions>, AnonymityKeyPlacement>();
        services.AddSingleton<AnonymityKey>();
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<SurveyResults>();
        services.AddSingleton<SurveyAnswerWordRemoval>();
        services.AddSingleton<NonResponders>();
        services.AddSingleton<SurveySignal>();
        services.AddSingleton<RunCloseMessages>();
        services.AddSingleton<EarlyCheckIns>();
        services.AddSingleton<SiteResults>();
        services.AddSingleton<SurveyHolds>();
        services.AddSingleton<PreRead>();
        services.AddSingleton<IRetentionHold, OpenRunRetentionHold>();
        // One instance: the loop and the admin API's close and cancel share its lock.
        services.AddSingleton<SurveyRunnerProgress>().AddSingleton<SurveyRunner>().AddHostedService(s => s.GetRequiredService<SurveyRunner>());
        services.AddSingleton<IInteractionRoutes, SurveyRoutes>();
        services.AddSingleton<IHomeSection, OpenSurveysHomeSection>();
        services.AddSingleton<ICardSamples, SurveyCardSamples>();
        return services;
    }
}
