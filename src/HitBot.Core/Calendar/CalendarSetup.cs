using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Core.Calendar;

/// <summary>The program calendar (breaks, testing windows, holidays): every sender asks it before sending.</summary>
public static class CalendarSetup
{
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddSingleton<ProgramCalendar>();
        services.AddSingleton<Messaging.Outbox.IWorkingDays>(s => s.GetRequiredService<ProgramCalendar>());
        services.AddSingleton<HeldSendStore>();
        services.AddSingleton<Messaging.Outbox.IRetentionPass, HeldSendRetention>();
        services.AddSingleton<PauseHolds>();
        services.AddSingleton<CalendarImport>();
        return services;
    }
}
