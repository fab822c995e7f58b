using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>The reminder loop and the parts a test looks through, built on the file as it is now (again after a restart).</summary>
sealed record ActionRemindersUnderTest(ActionReminders Reminders, ActionItemChanges Changes, ActionPlanStore Store, OutboxStore Outbox, ProgramCalendar Calendar)
{
    /// <summary>In America/Chicago, with the default options.</summary>
    /// <param name="directory">The test's own: a directory keeps the people it read, so a change made through another would go unseen.</param>
    /// <param name="options">The action plan's settings, when a test needs others than the defaults.</param>
    public static ActionRemindersUnderTest On(TempDb temp, TimeProvider time, DirectoryStore? directory = null, ActionPlanOptions? options = null)
    {
        var store = new ActionPlanStore(temp.Db);
        var outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var signal = new ActionPlanSignal();
        var clock = new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        var surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        var people = new PeopleDirectory(directory ?? new DirectoryStore(temp.Db), time);
        var sites = new SiteResults(surveys, new SurveyResults(surveys, people, outbox), people, outbox);
        var changes = new ActionItemChanges(store, people, signal, clock, time, outbox);
        var calendar = new ProgramCalendar(temp.Db, clock, time);
        var reminders = new ActionReminders(store, changes, people, outbox, signal,
            new ActionRemindersProgress(), Options.Create(options ?? new ActionPlanOptions()), clock, new PreRead(sites, clock), new ProgramPhases(temp.Db, signal, time), time,
            NullLogger<ActionReminders>.Instance, new ReminderHolds(calendar, new PauseHolds(new HeldSendStore(temp.Db, time))), []);
        return new(reminders, changes, store, outbox, calendar);
    }
}
