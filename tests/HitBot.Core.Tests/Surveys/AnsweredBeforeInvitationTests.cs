using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// A tutor whose invitation waits in the outbox for their morning (here: added at night to an early check-in already
/// open) answers first, from "surveys" in chat or the Slack Home tab. The card must not come at 09:00 for a survey they
/// answered, and the run must still count them invited and answered.
/// </summary>
public sealed class AnsweredBeforeInvitationTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago, in the week of 2 March
    static readonly DateTime Night = new(2026, 3, 5, 8, 0, 0, DateTimeKind.Utc); // Thursday 02:00 in Chicago
    static readonly DateTime Morning = new(2026, 3, 5, 15, 0, 0, DateTimeKind.Utc); // Thursday 09:00, when the card was due
    readonly SurveyRunnerUnderTest app = new(Now);

    SurveyRun CheckIn => app.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)))!;

    /// <summary>Nia gets the check-in on Wednesday; Omar joins it at 02:00 on Thursday and answers at 02:30 from "surveys".</summary>
    (Person Nia, Person Omar) OmarAnswersBeforeHisCard()
    {
        var nia = app.Person("nia", Roles.Tutor, startDate: new DateOnly(2026, 2, 24), site: "lincoln");
        app.Runner.Look(Now.UtcDateTime);
        Deliver();
        app.Time.SetUtcNow(Night);
        var omar = app.Person("omar", Roles.Tutor, startDate: new DateOnly(2026, 2, 25), site: "lincoln");
        app.Runner.Look(Night);
        Assert.Equal(DeliveryState.Queued, app.Outbox.StateOf(SurveyRunner.InvitationKey(CheckIn, omar.Id)));
        app.Time.SetUtcNow(Night.AddMinutes(30));
        app.Answer(omar, CheckIn);
        return (nia, omar);
    }

    /// <summary>The dispatcher's turn: every row due now goes to its chat; returns them.</summary>
    List<Delivery> Deliver()
    {
        var due = app.Outbox.ClaimDue(app.Time.GetUtcNow(), 100);
        foreach (var row in due) app.Outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "1"), app.Time.GetUtcNow());
        return [.. due];
    }

    /// <summary>Whatever of Omar's is still on its way to his chat (invitation or reminder).</summary>
    List<Delivery> OnTheirWayTo(Person person) =>
        [.. app.Outbox.ForCampaign(CheckIn.Campaign).Concat(app.Outbox.ForCampaign(CheckIn.Campaign + ":reminders"))
            .Where(d => d.PersonId == person.Id && d.State is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held or DeliveryState.Sending)];

    [Fact]
    public void A_tutor_who_answers_before_their_invitation_goes_does_not_get_it_at_nine_and_the_run_counts_them_invited_and_answered()
    {
        var (_, omar) = OmarAnswersBeforeHisCard();
        var results = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox);

        app.Time.SetUtcNow(Morning.AddMinutes(5));
        app.Runner.Look(Morning.AddMinutes(5));

        Assert.DoesNotContain(Deliver(), d => d.PersonId == omar.Id);
        Assert.Empty(OnTheirWayTo(omar));
        var report = results.For(CheckIn);
        Assert.Equal((2, 1, 0.5), (report.Invited, report.Responses, report.ResponseRate));
    }

    /// <summary>The closed run, its site's slice and the list of who has not answered count him as the open run did.</summary>
    [Fact]
    public void After_the_close_the_site_and_the_non_responders_still_count_the_tutor_who_answered_first()
    {
        var (nia, omar) = OmarAnswersBeforeHisCard();
        var people = new PeopleDirectory(app.Directory, app.Time);
        var results = new SurveyResults(app.Surveys, people, app.Outbox);
        var sites = new SiteResults(app.Surveys, results, people, app.Outbox);
        var nonResponders = new NonResponders(app.Surveys, people, app.Outbox);
        var open = nonResponders.For(CheckIn, 0, 10);
        Assert.Equal((2, 1, 1), (open.Invited, open.Answered, open.NotAnswered));
        Assert.Equal(2, sites.For(CheckIn, "lincoln").Invited);

        var closed = new DateTime(2026, 3, 9, 14, 5, 0, DateTimeKind.Utc); // Monday 09:05 in Chicago
        app.Time.SetUtcNow(closed);
        app.Runner.Look(closed);

        Assert.Equal(RunStatus.Closed, CheckIn.Status);
        Assert.Equal(2, CheckIn.InvitedAtClose);
        Assert.Equal(2, sites.For(CheckIn, "lincoln").Invited);
        var after = nonResponders.For(CheckIn, 0, 10);
        Assert.Equal((2, 1, 1), (after.Invited, after.Answered, after.NotAnswered));
        Assert.Equal([nia.Id], after.People!.Select(p => p.PersonId));
        Assert.Empty(OnTheirWayTo(omar));
    }

    /// <summary>
    /// HitBot stops before each write of Omar's answer in turn (the invitation's cancel, the answer) and he sends it again
    /// once it is back: he gets no card at 09:00 and is counted once, invited and answered.
    /// </summary>
    [Fact]
    public void An_answer_HitBot_stopped_anywhere_and_sent_again_leaves_no_card_and_counts_the_tutor_once()
    {
        var stops = 0;
        for (var commit = 0; ; commit++)
        {
            using var run = new SurveyRunnerUnderTest(Now);
            var nia = run.Person("nia", Roles.Tutor, startDate: new DateOnly(2026, 2, 24));
            run.Runner.Look(Now.UtcDateTime);
            foreach (var row in run.Outbox.ClaimDue(run.Time.GetUtcNow(), 100)) run.Outbox.MarkSent(row, new SentMessage("a:" + row.PersonId, "1"), run.Time.GetUtcNow());
            run.Time.SetUtcNow(Night);
            var omar = run.Person("omar", Roles.Tutor, startDate: new DateOnly(2026, 2, 25));
            run.Runner.Look(Night);
            var checkIn = run.Surveys.FindRun(EarlyCheckIn.RunId(2, new DateOnly(2026, 3, 2)))!;

            var stopped = run.StopsBeforeCommit(commit, _ => run.Answer(omar, checkIn));
            run.Answer(omar, checkIn);
            run.Time.SetUtcNow(Morning.AddMinutes(5));
            run.Runner.Look(Morning.AddMinutes(5));

            var due = run.Outbox.ClaimDue(run.Time.GetUtcNow(), 100);
            Assert.False(due.Any(d => d.PersonId == omar.Id), $"stopped before commit {commit}: Omar's card went at 09:00");
            var report = new SurveyResults(run.Surveys, new PeopleDirectory(run.Directory, run.Time), run.Outbox).For(checkIn);
            Assert.True((2, 1) == (report.Invited, report.Responses), $"stopped before commit {commit}: {report.Responses} of {report.Invited} answered");
            Assert.Contains(nia.Id, checkIn.Audience.People);
            if (!stopped) break;
            stops++;
        }
        Assert.True(stops >= 2, $"only {stops} stopping points");
    }

    public void Dispose() => app.Dispose();
}
