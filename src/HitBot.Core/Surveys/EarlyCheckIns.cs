using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;

namespace HitBot.Core.Surveys;

/// <summary>
/// Makes this week's early check-in runs: one per check-in week (2nd, 6th) for the tutors whose start date puts them in it,
/// opening Monday 09:00 in the program's zone (or now, if made later in the week) and closing the next Monday. They are
/// ordinary named runs: the survey runner opens them, reminds once, closes them with their summary and at-risk lists, and
/// every card goes through the outbox. A tutor added to the roster mid-week joins the run and gets the card.
/// </summary>
public sealed class EarlyCheckIns(SurveyStore store, PeopleDirectory directory, OutboxStore outbox, ProgramClock clock, TimeProvider time)
{
    static readonly TimeOnly OpensAtLocal = new(9, 0);

    public void Schedule(DateTime now)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, clock.Zone));
        var monday = EarlyCheckIn.Monday(today);
        var tutors = directory.WithAnyRole(Roles.Tutor).Where(p => p.StartDate is not null).ToList();
        foreach (var week in EarlyCheckIn.Weeks)
        {
            var cohort = tutors.Where(p => EarlyCheckIn.Monday(p.StartDate!.Value).AddDays(7 * (week - 1)) == monday).Select(p => p.Id).ToList();
            if (cohort.Count == 0) continue;
            var survey = CheckInSurvey(now);
            var id = EarlyCheckIn.RunId(week, monday);
            if (store.FindRun(id) is not { } run)
            {
                var opens = Utc(monday, now);
                store.Save(new SurveyRun
                {
                    Id = id, SurveyId = survey.Id, Title = $"{survey.Title} (week {week})", Intro = survey.Intro, Questions = survey.Questions,
                    Audience = new Audience { People = cohort }, OpensAt = opens < now ? now : opens, ClosesAt = Utc(monday.AddDays(7), now),
                    ReminderEveryDays = 3, MaxReminders = 1, Status = RunStatus.Scheduled, CreatedAt = now,
                });
                continue;
            }
            var joining = cohort.Except(run.Audience.People, StringComparer.Ordinal).ToList();
            if (joining.Count == 0 || run.Status is RunStatus.Closed or RunStatus.Cancelled) continue;
            // The card goes before the run lists them: listed first, a stop in between left them listed and never invited.
            if (run.Status == RunStatus.Open) SendTo(run, joining);
            store.Save(run with { Audience = run.Audience with { People = [.. run.Audience.People, .. joining] } });
        }
    }

    /// <summary>The same card and outbox key as the runner's opening send, so nobody gets it twice.</summary>
    void SendTo(SurveyRun run, List<string> people)
    {
        var card = SurveyCards.Form(run, clock.Zone);
        var at = time.GetUtcNow();
        var deliveries = new List<Delivery>();
        var found = directory.FindMany(people);
        foreach (var person in people.Select(found.GetValueOrDefault).OfType<Person>())
            if (!person.Inactive && !person.OptedOut && PersonReach.Address(person) is { } address)
                deliveries.Add(Delivery.Send($"{run.Campaign}:{person.Id}", run.Campaign, person.Id, address, card, at));
        outbox.EnqueueMany(deliveries);
    }

    Survey CheckInSurvey(DateTime now)
    {
        if (store.FindSurvey(EarlyCheckIn.SurveyId) is { } existing) return existing;
        var survey = EarlyCheckIn.Create(now);
        store.Save(survey);
        return survey;
    }

    DateTime Utc(DateOnly day, DateTime fallback)
    {
        var local = day.ToDateTime(OpensAtLocal);
        return clock.Zone.IsInvalidTime(local) ? fallback : TimeZoneInfo.ConvertTimeToUtc(local, clock.Zone);
    }
}
