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
        foreach (var week in EarlyCheckIn.Weeks)
        {
            var cohort = Cohort(monday, week);
            if (cohort.Count == 0) continue;
            var survey = CheckInSurvey(now);
            var id = EarlyCheckIn.RunId(week, monday);
            if (store.FindRun(id) is not { } run)
            {
                var opens = Utc(monday, now);
                var closes = Utc(monday.AddDays(7), now);
                store.Save(new SurveyRun
                {
                    Id = id, SurveyId = survey.Id, Title = $"{survey.Title} (week {week})", Intro = survey.Intro, Questions = survey.Questions,
                    Audience = new Audience { People = cohort }, OpensAt = opens < now ? InDaytime(now, clock.Zone, closes) : opens, ClosesAt = closes,
                    ReminderEveryDays = 3, MaxReminders = 1, Status = RunStatus.Scheduled, CreatedAt = now,
                });
                continue;
            }
            var joining = cohort.Except(run.Audience.People, StringComparer.Ordinal).ToList();
            if (joining.Count == 0 || run.Status is RunStatus.Closed or RunStatus.Cancelled) continue;
            // The card goes before the run lists them: listed first, a stop in between left them listed and never invited.
            if (run.Status == RunStatus.Open) SendTo(run, joining);
            var widened = run.Audience with { People = [.. run.Audience.People, .. joining] };
            store.Save(run with { Audience = widened, KeptGroups = run.Anonymous ? Counted(widened) : run.KeptGroups });
        }
    }

    /// <summary>
    /// The tutors in their <paramref name="week"/>th week in the week of <paramref name="monday"/> (they started in the calendar
    /// week <paramref name="week"/> − 1 weeks before), in name order: a range of the StartDate index, since this runs at every
    /// look of the survey runner, and reading every tutor took 2–4 s at 100,000 people.
    /// </summary>
    List<string> Cohort(DateOnly monday, int week)
    {
        var started = monday.AddDays(-7 * (week - 1));
        return [.. directory.StartingBetween(started, started.AddDays(6)).Where(p => p.HasRole(Roles.Tutor))
            .OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ThenBy(p => p.Id, StringComparer.Ordinal).Select(p => p.Id)];
    }

    /// <summary>The same card and outbox key as the runner's opening send, so nobody gets it twice.</summary>
    void SendTo(SurveyRun run, List<string> people)
    {
        var cardFor = SurveyCards.FormsFor(run, clock.ZoneOf, directory.PartnersWithALead());
        var at = time.GetUtcNow();
        var deliveries = new List<Delivery>();
        var found = directory.FindMany(people);
        foreach (var person in people.Select(found.GetValueOrDefault).OfType<Person>())
            if (!person.Inactive && !person.OptedOut && PersonReach.Address(person) is { } address)
                deliveries.Add(Delivery.Send(SurveyRunner.InvitationKey(run, person.Id), run.Campaign, person.Id, address, cardFor(person), at) with
                {
                    DueAt = InDaytime(at.UtcDateTime, clock.ZoneOf(person), run.ClosesAt),
                });
        outbox.EnqueueMany(deliveries);
    }

    /// <summary>
    /// <paramref name="utc"/> in the daytime (09:00–19:00 in <paramref name="zone"/>), else the next 09:00: a nightly roster
    /// sync found new tutors at 02:00, and their check-in went there and then. Not after the run closes: a card found late on
    /// Sunday goes then rather than never.
    /// </summary>
    static DateTime InDaytime(DateTime utc, TimeZoneInfo zone, DateTime closes) =>
        MessageBudget.IntoDaytime(utc, _ => true, zone) is var day && day < closes ? day : utc;

    /// <summary>
    /// The groups an anonymous run's answers keep, counted again with the people who joined (check-ins are named runs today:
    /// should one be anonymous, a joiner counts toward their site's five as they would have at opening).
    /// </summary>
    KeptGroups Counted(Audience audience)
    {
        var groups = new AudienceGroups();
        foreach (var person in directory.FindMany(audience.People).Values) groups.Add(person);
        return KeptGroups.Of(groups);
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
