using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

/// <summary>Reminders to the people of a run who have not answered, in their daytime on working days.</summary>
public sealed partial class SurveyRunner
{
    /// <summary>
    /// What the last reminder pass over a run found: for which reminder number and how many people its audience listed,
    /// and the earliest moment someone it passed over could be reminded (their 09:00, their own card's spacing, a reminder
    /// the message budget moved). Until then a look reads nothing for that run: a pass reads the whole audience and every
    /// response and reminder key, 5–25 s at 100,000 people, and the loop looks every five minutes. Kept in memory only
    /// (a restart passes once afresh), so it adds no write to the file.
    /// </summary>
    readonly Dictionary<string, ReminderPass> passes = new(StringComparer.Ordinal);

    sealed record ReminderPass(int Due, int Listed, long PeopleChanges, DateTime NextAt);

    /// <summary>
    /// Reminder n is due n × spacing after opening; only the latest due one goes, and only in the person's daytime. Someone
    /// who joined the audience since the last pass (a roster import, a role given, a first message to HitBot: each a change
    /// of the directory) gets the invitation at this look, reminders due or not: waiting for the next reminder, one who
    /// joined after the last one, or a run without reminders, was never asked.
    /// </summary>
    void Remind(SurveyRun run, DateTime now)
    {
        var due = run.ReminderEveryDays > 0 && run.MaxReminders > 0 ? DueReminders(run, now) : 0;
        // A tutor who joins an early check-in changes the count: they are looked at with their own spacing.
        var listed = run.Audience.People.Count;
        var changes = people.PeopleChanges;
        if (passes.GetValueOrDefault(run.Id) is { } last && last.Due == due && last.Listed == listed && last.PeopleChanges == changes
            && now < last.NextAt) return;
        passes[run.Id] = new ReminderPass(due, listed, changes, RemindNow(run, due, now));
    }

    /// <summary>
    /// How many of the run's reminders have fallen due: reminder n at the opening's time of day n × spacing days later on the
    /// program's clock. Counted in UTC hours, one due in the week the clocks go forward came an hour late (10:00 for a run
    /// opened at 09:00), and one of a run opened at 18:30 fell after 19:00 and waited for the next morning.
    /// </summary>
    int DueReminders(SurveyRun run, DateTime now)
    {
        var due = 0;
        while (due < run.MaxReminders && ReminderDueAt(run, due + 1) <= now) due++;
        return due;
    }

    DateTime ReminderDueAt(SurveyRun run, int n) => clock.SameLocalTimeDaysLater(run.OpensAt, n * run.ReminderEveryDays);

    /// <summary>
    /// Queues reminder <paramref name="due"/> (none when 0), and the invitation of whoever joined the audience without one,
    /// for everyone they may go to now; returns when someone passed over may get theirs.
    /// </summary>
    DateTime RemindNow(SurveyRun run, int due, DateTime now)
    {
        var answered = store.ResponseIdsTo(run.Id);
        // Every reminder of the run, read once (keys, states and due times), instead of one to three look-ups a person.
        var reminded = outbox.KeysOf(run.Campaign + ":reminders");
        Dictionary<string, DateTime>? invitedLately = null;
        var at = Time.GetUtcNow();
        var reminders = new List<Delivery>();
        var days = holds.Days();
        CalendarEntry? heldBy = null;
        var nextAt = DateTime.MaxValue;
        var partnersWithALead = people.PartnersWithALead();
        var reminderFor = SurveyCards.FormsFor(run, ZoneOf, partnersWithALead, reminder: true);
        Func<Person, Messaging.Message>? invitationFor = null;
        // The run's invitations (any state), read once: someone in the audience who has none joined it after it opened
        // (added to the roster, given the role, reached in chat since).
        var invitations = outbox.KeysOf(run.Campaign);
        var joiners = new List<Delivery>();
        var stale = new List<string>();
        foreach (var (person, address) in audiences.Resolve(run.Audience).Recipients)
        {
            if (answered.Contains(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, person.Id))))
            {
                // An answer cancels its reminder still waiting (one the message budget moved to a later day) in a write of its
                // own, after the answer: a stop between the two left it waiting, and it went to someone who had answered.
                stale.AddRange(Enumerable.Range(1, run.MaxReminders).Select(n => reminded.GetValueOrDefault(ReminderKey(run, n, person)))
                    .Where(r => r is { State: DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held }).Select(r => r!.Id));
                continue;
            }
            // Their first card for the run is the invitation itself, under the key the opening uses, so they count as invited:
            // a "Reminder:" of a survey they never got, whose answer counted against an invited number that left them out,
            // confused the tutor and the response rate. It waits for their daytime on a working day, as a reminder does. (One
            // already reminded before HitBot did this has had the card: they go on with reminders, not a second card.)
            var joined = !invitations.ContainsKey(InvitationKey(run, person.Id))
                && !Enumerable.Range(1, due).Any(n => reminded.ContainsKey(ReminderKey(run, n, person)));
            // Reminder n has its own key and n never exceeds the maximum, so nobody gets more than that many;
            // one missed at night (or on a weekend, a holiday, in a pause) is not sent late once the next is due.
            if (!joined && (due == 0 || reminded.ContainsKey(ReminderKey(run, due, person)))) continue;
            var zone = ZoneOf(person);
            if (!IsDaytime(now, zone))
            {
                nextAt = Min(nextAt, NextMorning(now, zone));
                continue;
            }
            // An earlier reminder the message budget moved later still waits: it is their reminder, not a second one beside it.
            if (due > 1 && Enumerable.Range(1, due - 1).Select(n => reminded.GetValueOrDefault(ReminderKey(run, n, person)))
                    .FirstOrDefault(r => r is { State: DeliveryState.Queued }) is { } waiting)
            {
                nextAt = Min(nextAt, waiting.DueAt);
                continue;
            }
            // Invited later than the others (a tutor who joined an early check-in mid-week): their reminder keeps its own
            // spacing from their card, not a second card in the same minute. Only cards this recent are read: the spacing is
            // days on the program's clock, as the reminders' own, which are an hour longer or shorter than 24 when it changes.
            invitedLately ??= outbox.QueuedAfter(run.Campaign, now.AddDays(-run.ReminderEveryDays).AddHours(-1));
            if (invitedLately.TryGetValue(InvitationKey(run, person.Id), out var invited)
                && clock.SameLocalTimeDaysLater(invited, run.ReminderEveryDays) is var spaced && spaced > now)
            {
                nextAt = Min(nextAt, spaced);
                continue;
            }
            var today = ProgramCalendar.DateOf(now, zone);
            if (!days.IsWorkingDay(today))
            {
                heldBy ??= days.PauseOn(today);
                nextAt = Min(nextAt, NextMorning(now, zone));
                continue;
            }
            if (joined)
            {
                invitationFor ??= SurveyCards.FormsFor(run, ZoneOf, partnersWithALead);
                joiners.Add(Delivery.Send(InvitationKey(run, person.Id), run.Campaign, person.Id, address, invitationFor(person), at));
            }
            else reminders.Add(Delivery.Send(ReminderKey(run, due, person), run.Campaign + ":reminders", person.Id, address, reminderFor(person), at));
        }
        if (stale.Count > 0) outbox.CancelWaiting(stale, SurveyRoutes.AnsweredBeforeReminderReason);
        // An invitation goes as the opening's do; reminders count against each person's weekly message budget, and one that
        // does not fit waits for the next free day.
        outbox.EnqueueMany(joiners);
        outbox.EnqueueMany(budget.Fit(reminders, BudgetOverflow.Defer, at));
        CancelRemindersOfLateAnswers(run, reminders, answered);
        if (heldBy is not null && due > 0) holds.RecordRemindersHeld(run, heldBy, ReminderDueAt(run, due), DaytimeStart);
        return nextAt;
    }

    /// <summary>
    /// Someone who answered after the pass read the answers (a pass over a large run takes seconds, at 09:00 when people
    /// read their chats) and before their reminder was queued: their answer's own cancel found no reminder to cancel, and it
    /// went just after their thank-you. Read again once the reminders are queued, an answer saved later cancels its own.
    /// </summary>
    void CancelRemindersOfLateAnswers(SurveyRun run, List<Delivery> queued, HashSet<string> answeredBefore)
    {
        if (queued.Count == 0) return;
        var since = store.ResponseIdsTo(run.Id);
        since.ExceptWith(answeredBefore);
        if (since.Count == 0) return;
        var late = queued.Where(r => r.PersonId is { } id && since.Contains(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, id)))).Select(r => r.Id).ToList();
        if (late.Count > 0) outbox.CancelWaiting(late, SurveyRoutes.AnsweredBeforeReminderReason);
    }

    internal static string ReminderKey(SurveyRun run, int n, Person person) => $"{run.Campaign}:reminder{n}:{person.Id}";

    static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    /// <summary>The next 09:00 in the zone after <paramref name="utc"/>: today's before it, tomorrow's from it on.</summary>
    static DateTime NextMorning(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
        var day = DateOnly.FromDateTime(local).AddDays(TimeOnly.FromDateTime(local) < DaytimeStart ? 0 : 1);
        var morning = day.ToDateTime(DaytimeStart);
        // A zone whose clocks skip 09:00 that day: look again in an hour rather than guess.
        return zone.IsInvalidTime(morning) ? utc.AddHours(1) : TimeZoneInfo.ConvertTimeToUtc(morning, zone);
    }

    /// <summary>Passes are remembered for open runs only.</summary>
    void ForgetPassesOfRunsNotIn(List<SurveyRun> open)
    {
        foreach (var id in passes.Keys.Except(open.Select(r => r.Id), StringComparer.Ordinal).ToList()) passes.Remove(id);
    }

    TimeZoneInfo ZoneOf(Person person) => clock.ZoneOf(person);

    static bool IsDaytime(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));
        return local >= DaytimeStart && local < DaytimeEnd;
    }
}
