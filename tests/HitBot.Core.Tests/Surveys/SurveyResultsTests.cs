using HitBot.Core.Directory;
using HitBot.Core.Surveys;
using static HitBot.Core.Tests.Surveys.SurveysUnderTest;

namespace HitBot.Core.Tests.Surveys;

/// <summary>A run's results as the central team reads them: counts, rates, intent by group, at-risk and interested tutors, the trend.</summary>
public sealed class SurveyResultsTests : IDisposable
{
    readonly SurveysUnderTest app = new();

    [Fact]
    public void The_results_count_each_answer_and_the_response_rate_against_the_people_invited()
    {
        var run = app.Run("r1");
        app.Invite(run, "a", answers: Intent("yes", interests: "coaching,more-hours"));
        app.Invite(run, "b", answers: Intent("yes", interests: "coaching"));
        app.Invite(run, "c", answers: Intent("no"));
        app.Invite(run, "d");

        var report = app.Results.For(run);

        Assert.Equal((4, 3, 0.75), (report.Invited, report.Responses, report.ResponseRate));
        var intent = report.Questions.Single(q => q.Id == RetentionPulse.IntentQuestion);
        Assert.Equal([("yes", 2), ("no", 1), ("unsure", 0)], intent.Options.Select(o => (o.Value, o.Count)));
        // A multiple choice counts each ticked option.
        var interests = report.Questions.Single(q => q.Id == RetentionPulse.InterestsQuestion);
        Assert.Equal(2, interests.Options.Single(o => o.Value == "coaching").Count);
        Assert.Equal(1, interests.Options.Single(o => o.Value == "more-hours").Count);
    }

    /// <summary>
    /// 1,999 of 2,000 answered: the rate, kept to three decimals, came out as 1.0, so every page, the trend and a script
    /// reading the API said everyone had answered; and 1 of 2,000 came out as 0, as if nobody had.
    /// </summary>
    [Fact]
    public void A_response_rate_is_never_all_while_someone_has_not_answered_nor_none_while_someone_has()
    {
        var most = app.Run("r1");
        var one = app.Run("r2");
        // One commit for the 6,000 rows: one each took half a minute.
        app.Db.InTransaction(() =>
        {
            foreach (var i in Enumerable.Range(0, 2000))
            {
                var id = FormattableString.Invariant($"t{i:0000}");
                app.Invite(most, id, answers: i == 0 ? null : Intent("yes"));
                app.Invite(one, id, answers: i == 0 ? Intent("yes") : null);
            }
            return true;
        });
        var (mostReport, oneReport) = (app.Results.For(most), app.Results.For(one));

        Assert.Equal((2000, 1999, 0.999), (mostReport.Invited, mostReport.Responses, mostReport.ResponseRate));
        Assert.Equal(99, SurveyResults.Percent(mostReport.ResponseRate));
        Assert.Equal((2000, 1, 0.001), (oneReport.Invited, oneReport.Responses, oneReport.ResponseRate));
        Assert.Equal(1, SurveyResults.Percent(oneReport.ResponseRate));
    }

    [Fact]
    public void An_invitation_cancelled_before_it_went_out_is_not_counted_as_invited_overall_nor_at_its_site()
    {
        var run = app.Run("r1");
        foreach (var id in new[] { "a", "b", "c", "d", "e" }) app.Invite(run, id, answers: Intent("yes"));
        app.Invite(run, "f");
        // The survey closed while f's invitation still waited (a pause, a busy outbox): f was never asked.
        Assert.Equal(1, app.Outbox.CancelWaiting([$"{run.Campaign}:f"], "The survey closed before this invitation went out."));

        var report = app.Results.For(run);
        var lincoln = app.Sites.For(run, "lincoln");

        Assert.Equal((5, 5, 1.0), (report.Invited, report.Responses, report.ResponseRate));
        Assert.Equal(5, lincoln.Invited);
        var nonResponse = app.NonResponders.For(run, 0, 10);
        Assert.Equal((5, 0), (nonResponse.Invited, nonResponse.NotAnswered)); // f is not chased as someone who did not answer
    }

    [Fact]
    public void An_anonymous_run_with_fewer_than_five_answers_hides_every_count()
    {
        var run = app.Run("r1", anonymous: true);
        foreach (var id in new[] { "a", "b", "c", "d" }) app.Invite(run, id, answers: Intent("yes"));

        var report = app.Results.For(run);

        Assert.Equal(4, report.Responses);
        Assert.All(report.Questions, q => Assert.True(q.Hidden && q.Options.Count == 0));
        Assert.All(report.IntentBySite, g => Assert.True(g.Hidden && g.Yes is null));
        Assert.Null(Assert.Single(report.Trend).IntendToStay);
    }

    [Fact]
    public void An_anonymous_run_shows_a_group_of_five_and_hides_a_smaller_one_beside_it()
    {
        var run = app.Run("r1", anonymous: true);
        foreach (var id in new[] { "l1", "l2", "l3", "l4", "l5" }) app.Invite(run, id, site: "lincoln", answers: Intent("yes"));
        foreach (var id in new[] { "g1", "g2", "g3", "g4", "g5" }) app.Invite(run, id, site: "grant", answers: Intent("no"));
        foreach (var id in new[] { "a1", "a2", "a3" }) app.Invite(run, id, site: "adams", answers: Intent("unsure"));
        foreach (var id in new[] { "r1", "r2" }) app.Invite(run, id, site: "roosevelt", answers: Intent("no"));

        var report = app.Results.For(run);

        Assert.All(report.Questions, q => Assert.False(q.Hidden));
        // Adams and Roosevelt hold 5 answers together: nothing else has to be hidden to keep either of them unknown.
        Assert.Equal([("adams", true, (int?)null), ("grant", false, 0), ("lincoln", false, 5), ("roosevelt", true, null)],
            report.IntentBySite.Select(g => (g.Group, g.Hidden, g.Yes)));
    }

    [Fact]
    public void An_anonymous_breakdown_hides_the_next_smallest_group_too_so_a_hidden_one_cannot_be_found_by_subtraction()
    {
        var run = app.Run("r1", anonymous: true);
        foreach (var i in Enumerable.Range(1, 8)) app.Invite(run, $"l{i}", site: "lincoln", partner: "city-year", answers: Intent("yes"));
        foreach (var i in Enumerable.Range(1, 6)) app.Invite(run, $"g{i}", site: "grant", partner: "city-year", answers: Intent("yes"));
        app.Invite(run, "adams-1", site: "adams", partner: "reading-corps", answers: Intent("no"));
        app.Invite(run, "adams-2", site: "adams", partner: "city-year", answers: Intent("no"));

        var report = app.Results.For(run);

        // The overall counts (14 yes, 2 no) minus Lincoln and Grant would be Adams: so Grant, the smaller, is hidden too.
        Assert.Equal([("adams", true), ("grant", true), ("lincoln", false)], report.IntentBySite.Select(g => (g.Group, g.Hidden)));
        // By partner, Reading Corps's one answer would be the overall minus City Year's 15: City Year is hidden too.
        Assert.Equal([("city-year", true), ("reading-corps", true)], report.IntentByPartner.Select(g => (g.Group, g.Hidden)));
        Assert.All(report.IntentByPartner, g => Assert.Null(g.Responses));
        // The site pages and the pre-read read the same rule: Grant's own page does not give back what the breakdown held back.
        Assert.True(app.Sites.For(run, "grant").Hidden);
        Assert.False(app.Sites.For(run, "lincoln").Hidden);
        // And each says why: Grant has six answers, so "fewer than five" would be wrong.
        Assert.Equal([("adams", false), ("grant", true), ("lincoln", false)], report.IntentBySite.Select(g => (g.Group, g.HiddenForAnother)));
        Assert.True(app.Sites.For(run, "grant").HiddenForAnother);
        Assert.False(app.Sites.For(run, "adams").HiddenForAnother);
    }

    [Fact]
    public void The_pre_read_says_a_site_is_hidden_to_protect_another_not_that_it_had_too_few_answers()
    {
        var run = app.Run("r1", anonymous: true);
        foreach (var i in Enumerable.Range(1, 8)) app.Invite(run, $"l{i}", site: "lincoln", answers: Intent("yes"));
        foreach (var i in Enumerable.Range(1, 6)) app.Invite(run, $"g{i}", site: "grant", answers: Intent("yes"));
        app.Invite(run, "adams-1", site: "adams", answers: Intent("no"));
        var district = new Person { Id = "dana", Name = "Dana", Email = "dana@example.org", Roles = [Roles.ExecutiveChampion] };

        var lines = new PreRead(app.Sites, app.Clock).For(district).OfType<HitBot.Core.Messaging.TextBlock>().Select(t => t.Markdown).ToList()[1].Split('\n');

        Assert.Equal(
        [
            "- **adams**: fewer than 5 answers (1 invited), not shown",
            "- **grant**: not shown (6 invited): its numbers would give away a few other tutors' answers",
            "- **lincoln**: 8 of 8 answered (100%); 100% plan to keep tutoring",
        ], lines);
    }

    [Fact]
    public void A_named_breakdown_shows_every_group_whatever_its_size()
    {
        var run = app.Run("r1");
        foreach (var i in Enumerable.Range(1, 6)) app.Invite(run, $"l{i}", site: "lincoln", answers: Intent("yes"));
        app.Invite(run, "adams-1", site: "adams", answers: Intent("no"));

        var report = app.Results.For(run);

        Assert.Equal([("adams", false), ("lincoln", false)], report.IntentBySite.Select(g => (g.Group, g.Hidden)));
        Assert.False(app.Sites.For(run, "lincoln").Hidden);
    }

    [Fact]
    public void A_named_run_lists_tutors_at_risk_with_why_and_an_anonymous_one_never_does()
    {
        var named = app.Run("named");
        app.Invite(named, "leaving", answers: Intent("no"));
        app.Invite(named, "unsure", answers: Intent("unsure"));
        app.Invite(named, "unsupported", answers: Intent("yes", support: "2"));
        app.Invite(named, "happy", answers: Intent("yes", support: "3"));
        var anonymous = app.Run("anonymous", anonymous: true);
        foreach (var id in new[] { "x1", "x2", "x3", "x4", "x5" }) app.Invite(anonymous, id, answers: Intent("no"));

        var atRisk = app.Results.For(named).AtRisk.ToDictionary(p => p.PersonId, p => Assert.Single(p.Reasons));

        Assert.Equal(new Dictionary<string, string>
        {
            ["leaving"] = "not continuing", ["unsure"] = "unsure about next term", ["unsupported"] = "rates support 2 of 5",
        }, atRisk);
        Assert.Empty(app.Results.For(anonymous).AtRisk);
    }

    [Fact]
    public void Tutors_who_ask_for_a_coaching_role_or_more_hours_are_named_for_the_central_team()
    {
        var run = app.Run("r1");
        app.Invite(run, "coach-me", answers: Intent("yes", interests: "coaching,other-subjects"));
        app.Invite(run, "subjects-only", answers: Intent("yes", interests: "other-subjects"));

        var interested = Assert.Single(app.Results.For(run).Interested);

        Assert.Equal("coach-me", interested.PersonId);
        Assert.Equal(["coaching"], interested.Interests);
    }

    [Fact]
    public void The_trend_has_a_point_per_run_that_opened_and_none_for_a_cancelled_one()
    {
        var january = app.Run("january");
        app.Invite(january, "a", answers: Intent("yes"));
        app.Invite(january, "b", answers: Intent("no"));
        app.Run("cancelled", status: RunStatus.Cancelled, closes: Closed.AddDays(21));
        var march = app.Run("march", closes: Closed.AddDays(42));
        app.Invite(march, "a", answers: Intent("yes"));

        var trend = app.Results.For(march).Trend;

        Assert.Equal([("january", 0.5), ("march", 1.0)], trend.OrderBy(t => t.OpensAt).Select(t => (t.RunId, t.IntendToStay!.Value)));
    }

    [Fact]
    public void The_open_runs_trend_point_follows_each_new_answer_and_a_closed_runs_stays_as_it_closed()
    {
        var january = app.Run("january");
        app.Invite(january, "a", answers: Intent("yes"));
        var march = app.Run("march", status: RunStatus.Open, closes: Closed.AddDays(42));
        app.Invite(march, "a", answers: Intent("yes"));
        Assert.Equal([(1, 1.0), (1, 1.0)], app.Results.For(march).Trend.OrderBy(t => t.OpensAt).Select(t => (t.Invited, t.IntendToStay!.Value)));

        app.Invite(march, "b", answers: Intent("no"));

        Assert.Equal([(1, 1.0), (2, 0.5)], app.Results.For(march).Trend.OrderBy(t => t.OpensAt).Select(t => (t.Invited, t.IntendToStay!.Value)));
    }

    public void Dispose() => app.Dispose();
}
