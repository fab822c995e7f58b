using Microsoft.Extensions.Options;
using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core;

/// <summary>The DI entry points of the core: the storage and messaging spine, then one per feature.</summary>
public static class CoreSetup
{
    public static IServiceCollection AddHitBotCore(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProgramOptions>().BindConfiguration(ProgramOptions.Section).ValidateDataAnnotations()
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.TimeZone, out _),
                "HitBot:Program:TimeZone is not a time zone this machine knows; use an IANA id such as America/Chicago.")
            .ValidateOnStart();
        services.AddOptions<DispatcherOptions>().BindConfiguration(DispatcherOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<HitBotDb>();
        services.AddSingleton<ProgramClock>();
        // The program calendar (breaks, testing windows, holidays): every sender asks it, so it is part of the spine.
        services.AddSingleton<ProgramCalendar>();
        services.AddSingleton<HeldSendStore>();
        services.AddSingleton<CalendarImport>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<MessageBudget>();
        services.AddSingleton<DispatcherProgress>().AddHostedService<Dispatcher>();
        services.AddSingleton<InboundStore>();
        services.AddSingleton<InboundCommits>();
        services.AddSingleton<RetentionSignal>();
        services.AddSingleton<RetentionProgress>().AddHostedService<RetentionLoop>();
        services.AddSingleton<CheckpointSignal>();
        services.AddSingleton<CheckpointProgress>().AddHostedService<CheckpointLoop>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<InteractionRouter>();
        services.AddSingleton<IInteractionRoutes, HelpCommand>();
        services.AddSingleton<HomePage>();
        services.AddSingleton<IHomeSection, HelpHomeSection>();
        return services;
    }

    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddSingleton<DirectoryStore>();
        services.AddSingleton<PeopleDirectory>();
        services.AddSingleton<RosterSignal>();
        services.AddSingleton<RosterImport>();
        services.AddSingleton<PersonalTokens>();
        services.AddSingleton<ICardSamples, DirectoryCardSamples>();
        services.AddSingleton<IInteractionRoutes, ConsentRoutes>();
        services.AddSingleton<PersonErasure>();
        services.AddSingleton<PersonEdits>();
        return services;
    }

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

    public static IServiceCollection AddUpdates(this IServiceCollection services)
    {
        services.AddSingleton<UpdateStore>();
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

    public static IServiceCollection AddFeedback(this IServiceCollection services)
    {
        services.AddSingleton<FeedbackStore>();
        services.AddSingleton<FeedbackInbox>();
        services.AddSingleton<AppreciationSender>();
        services.AddSingleton<IInteractionRoutes, FeedbackRoutes>();
        services.AddSingleton<ICardSamples, FeedbackCardSamples>();
        return services;
    }

    public static IServiceCollection AddSurveys(this IServiceCollection services)
    {
        services.AddOptions<SurveyOptions>().BindConfiguration(SurveyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SurveyOptions>, AnonymityKeyPlacement>();
        services.AddSingleton<AnonymityKey>();
        services.AddSingleton<SurveyStore>();
        services.AddSingleton<SurveyResults>();
        services.AddSingleton<NonResponders>();
        services.AddSingleton<SurveySignal>();
        services.AddSingleton<RunCloseMessages>();
        services.AddSingleton<EarlyCheckIns>();
        services.AddSingleton<SiteResults>();
        services.AddSingleton<SurveyHolds>();
        services.AddSingleton<PreRead>();
        // One instance: the loop and the admin API's close and cancel share its lock.
        services.AddSingleton<SurveyRunnerProgress>().AddSingleton<SurveyRunner>().AddHostedService(s => s.GetRequiredService<SurveyRunner>());
        services.AddSingleton<IInteractionRoutes, SurveyRoutes>();
        services.AddSingleton<IHomeSection, OpenSurveysHomeSection>();
        services.AddSingleton<ICardSamples, SurveyCardSamples>();
        return services;
    }
}
