using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using LiteDB;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// The rule of five in anonymous runs: an answer keeps its site and partner only where five or more people of the run's
/// audience share them, counted once as the run opens. Five tutors at Lincoln (City Year), four at Grant (Read Corps).
/// </summary>
public sealed class SurveyKeptGroupsTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    List<Person> Tutors(string site, string partner, int count, DateOnly? startDate = null) =>
        [.. Enumerable.Range(1, count).Select(i => app.Person($"{site}-{i}", Roles.Tutor, startDate, site, partner))];

    SurveyRun OpenPulse()
    {
        app.Surveys.Save(new SurveyRun
        {
            Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(7), Anonymous = true,
            ReminderEveryDays = 0, Status = RunStatus.Scheduled, CreatedAt = Now.UtcDateTime,
        });
        app.Runner.Look(Now.UtcDateTime);
        return app.Surveys.FindRun("pulse-1")!;
    }

    /// <summary>The site and partner each answer kept, in no particular order.</summary>
    List<(string? Site, string? Partner)> Kept(SurveyRun run) =>
        [.. app.Surveys.ResponsesTo(run.Id).Select(r => (r.Site, r.Partner)).Order()];

    [Fact]
    public void An_answer_keeps_a_site_and_partner_five_tutors_of_the_audience_share_and_not_one_four_share()
    {
        var lincoln = Tutors("lincoln", "city-year", 5);
        var grant = Tutors("grant", "read-corps", 4);
        var run = OpenPulse();

        app.Answer(lincoln[0], run);
        app.Answer(grant[0], run);

        Assert.Equal([(null, null), ("lincoln", "city-year")], Kept(run));
    }

    [Fact]
    public void Tutors_who_opted_out_or_are_not_in_chat_still_count_toward_their_sites_five()
    {
        // They get no card, but they are in the audience, and may still answer from "surveys" once they come back.
        var lincoln = Tutors("lincoln", "city-year", 3);
        app.Directory.Save(app.Person("lincoln-opted-out", Roles.Tutor, site: "lincoln", partner: "city-year") with { OptedOut = true });
        app.Directory.Save(new Person { Id = "lincoln-no-chat", Name = "lincoln-no-chat", Email = "no-chat@example.org", Roles = [Roles.Tutor], Site = "lincoln", Partner = "city-year" });
        var run = OpenPulse();

        app.Answer(lincoln[0], run);

        Assert.Equal([("lincoln", "city-year")], Kept(run));
    }

    [Fact]
    public void A_tutor_who_leaves_after_the_run_opened_does_not_take_their_sites_later_answers_out_of_its_breakdown()
    {
        var lincoln = Tutors("lincoln", "city-year", 5);
        var run = OpenPulse();
        app.Directory.Save(lincoln[4] with { Inactive = true, InactiveSince = Now.UtcDateTime });

        app.Answer(lincoln[0], run);

        Assert.Equal([("lincoln", "city-year")], Kept(run));
    }

    [Fact]
    public void An_anonymous_run_open_before_the_upgrade_keeps_the_groups_of_five_and_hides_the_smaller_ones()
    {
        var lincoln = Tutors("lincoln", "city-year", 5);
        var grant = Tutors("grant", "read-corps", 4);
        var run = OpenPulse();
        // As HitBot before schema 18 left it: open, with no groups counted.
        app.RestartAfter(raw =>
        {
            raw.UserVersion = 17;
            var runs = raw.GetCollection(SurveyStore.Runs);
            var stored = runs.FindById(run.Id);
            stored.Remove(nameof(SurveyRun.KeptGroups));
            runs.Update(stored);
        });

        app.Answer(lincoln[0], run);
        app.Answer(grant[0], run);

        Assert.Equal([(null, null), ("lincoln", "city-year")], Kept(run));
    }

    [Fact]
    public void A_tutor_who_joins_an_open_anonymous_run_mid_week_counts_toward_their_sites_five()
    {
        // Early check-ins are the one path that adds people to an open run. They are named runs today; this one was made
        // anonymous before it opened, as it would be if check-ins ever were.
        var lincoln = Tutors("lincoln", "city-year", 4, startDate: new DateOnly(2026, 2, 24));
        var checkIn = EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2));
        app.Surveys.Save(new SurveyRun
        {
            Id = checkIn, SurveyId = EarlyCheckIn.SurveyId, Title = "Early check-in (week 2)", Questions = EarlyCheckIn.Create(Now.UtcDateTime).Questions,
            OpensAt = Now.UtcDateTime, ClosesAt = Now.UtcDateTime.AddDays(5), Anonymous = true, MaxReminders = 0, Status = RunStatus.Scheduled, CreatedAt = Now.UtcDateTime,
        });
        app.Runner.Look(Now.UtcDateTime);
        var ivy = app.Person("ivy", Roles.Tutor, new DateOnly(2026, 2, 25), "lincoln", "city-year");

        app.Runner.Look(Now.UtcDateTime.AddMinutes(5));
        var run = app.Surveys.FindRun(checkIn)!;
        app.Answer(lincoln[0], run);
        app.Answer(ivy, run);

        Assert.Equal(5, run.Audience.People.Count);
        Assert.Equal([("lincoln", "city-year"), ("lincoln", "city-year")], Kept(run));
    }

    public void Dispose() => app.Dispose();
}
