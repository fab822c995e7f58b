using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Surveys;

/// <summary>Survey results cut to one site (site champions, the reflection-meeting pre-read): never a group under five.</summary>
public sealed class SiteResultsTests : IDisposable
{
    readonly TempDb temp = new();
    readonly DirectoryStore directory;
    readonly SurveyStore surveys;
    readonly OutboxStore outbox;
    readonly SiteResults sites;
    static readonly DateTime January = new(2026, 1, 16, 17, 0, 0, DateTimeKind.Utc);

    public SiteResultsTests()
    {
        directory = new DirectoryStore(temp.Db);
        surveys = new SurveyStore(temp.Db, temp.AnonymityKey());
        outbox = new OutboxStore(temp.Db, new OutboxSignal());
        var people = new PeopleDirectory(directory, new FakeTimeProvider(new DateTimeOffset(January)));
        sites = new SiteResults(surveys, new SurveyResults(surveys, people, outbox), people, outbox);
    }

    /// <summary>A closed retention pulse: <paramref name="invited"/> tutors of the site invited, the first ones answering with these intents.</summary>
    SurveyRun ClosedRun(string id, DateTime closed, string site, int invited, params string[] intents)
    {
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", closed).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closed.AddDays(-7), ClosesAt = closed, Status = RunStatus.Closed,
        };
        surveys.Save(run);
        for (var i = 0; i < invited; i++)
        {
            var person = new Person { Id = $"{site}-{i}", Name = $"Tutor {i} of {site}", Email = $"{site}{i}@example.org", Roles = [Roles.Tutor], Site = site };
            directory.Save(person);
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{person.Id}", run.Campaign, person.Id,
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person.Id }, Message.Text("survey"), closed.AddDays(-7)));
            if (i < intents.Length)
                surveys.Save(new SurveyResponse
                {
                    Id = SurveyStore.ResponseId(run.Id, person.Id), RunId = run.Id, PersonId = person.Id, Site = site,
                    Answers = new() { ["intent"] = intents[i], ["satisfaction"] = "4", ["support"] = "4" },
                });
        }
        return run;
    }

    [Fact]
    public void A_site_with_fewer_than_five_answers_shows_only_how_many_were_invited_even_in_a_named_run()
    {
        var run = ClosedRun("march", January, "grant", invited: 6, "yes", "no", "yes", "unsure");

        var grant = sites.For(run, "grant");

        Assert.True(grant.Hidden);
        Assert.Equal(6, grant.Invited);
        Assert.Equal((null, null, null), (grant.Responses, grant.Yes, grant.IntendToStay));
        Assert.Empty(grant.Questions);
    }

    [Fact]
    public void The_pre_read_gives_the_owners_site_its_rates_and_what_changed_since_the_run_before()
    {
        ClosedRun("january", January, "lincoln", invited: 10, "yes", "yes", "yes", "no", "unsure");
        ClosedRun("february", January.AddDays(42), "lincoln", invited: 8, "yes", "yes", "yes", "yes", "yes", "unsure");
        var ben = new Person { Id = "ben", Name = "Ben", Email = "ben@example.org", Roles = [Roles.SiteChampion], Site = "lincoln" };

        var preRead = new PreRead(sites, Chicago()).For(ben).OfType<TextBlock>().Select(t => t.Markdown).ToList();

        Assert.Contains("closed 27 Feb 2026", preRead[0], StringComparison.Ordinal);
        Assert.Equal("- **lincoln**: 6 of 8 answered (75%); 83% plan to keep tutoring — since Tutor retention pulse of 16 Jan: response rate up 25 points, plan to stay up 23 points",
            preRead[1]);
    }

    /// <summary>
    /// 5 of 8 is 62.5%: the dashboard, My site and the close summary round it up to 63%, and the pre-read to the even 62% (and
    /// "up 12 points" from 50%), so the meeting's paper and the coordinator's screen gave the same site two numbers.
    /// </summary>
    [Fact]
    public void The_pre_read_rounds_a_half_percent_as_the_dashboard_and_the_close_summary_do()
    {
        ClosedRun("january", January, "lincoln", invited: 10, "yes", "yes", "yes", "no", "unsure");
        ClosedRun("february", January.AddDays(42), "lincoln", invited: 8, "yes", "yes", "yes", "yes", "no");
        var ben = new Person { Id = "ben", Name = "Ben", Email = "ben@example.org", Roles = [Roles.SiteChampion], Site = "lincoln" };

        var preRead = new PreRead(sites, Chicago()).For(ben).OfType<TextBlock>().Select(t => t.Markdown).ToList();

        Assert.Equal("- **lincoln**: 5 of 8 answered (63%); 80% plan to keep tutoring — since Tutor retention pulse of 16 Jan: response rate up 13 points, plan to stay up 20 points",
            preRead[1]);
    }

    /// <summary>
    /// A run launched from the dashboard closes at 23:59 in the program's time zone, which is already the next day in UTC: the
    /// pre-read dated the run the meeting reflects on, and the one it compares with, a day after the dashboard does.
    /// </summary>
    [Fact]
    public void The_pre_read_dates_each_run_by_the_programs_day_it_closed_on()
    {
        ClosedRun("january", ChicagoEndOf(new DateOnly(2026, 1, 16)), "lincoln", invited: 10, "yes", "yes", "yes", "no", "unsure");
        ClosedRun("february", ChicagoEndOf(new DateOnly(2026, 2, 27)), "lincoln", invited: 8, "yes", "yes", "yes", "yes", "yes", "unsure");
        var ben = new Person { Id = "ben", Name = "Ben", Email = "ben@example.org", Roles = [Roles.SiteChampion], Site = "lincoln" };

        var preRead = new PreRead(sites, Chicago()).For(ben).OfType<TextBlock>().Select(t => t.Markdown).ToList();

        Assert.Contains("(closed 27 Feb 2026)", preRead[0], StringComparison.Ordinal);
        Assert.Contains("since Tutor retention pulse of 16 Jan:", preRead[1], StringComparison.Ordinal);
    }

    static DateTime ChicagoEndOf(DateOnly day) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(23, 59)), TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));

    static ProgramClock Chicago() =>
        new(new FakeTimeProvider(new DateTimeOffset(January)), Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));

    /// <summary>
    /// A district with fourteen schools: the research lead who owns the reflection meetings (no site of their own) had the
    /// first twelve in the pre-read and nothing said two more had answered, so the meeting reflected on part of the district.
    /// </summary>
    [Fact]
    public void A_district_leads_pre_read_says_how_many_more_sites_answered_than_it_lists()
    {
        foreach (var n in Enumerable.Range(1, 14))
            ClosedRun("january", January, $"school-{n:00}", invited: 5, "yes", "yes", "yes", "yes", "no");
        var ria = new Person { Id = "ria", Name = "Ria", Email = "ria@example.org", Roles = [Roles.ResearchData] };

        var lines = new PreRead(sites, Chicago()).For(ria).OfType<TextBlock>().Select(t => t.Markdown).ToList()[1].Split('\n');

        Assert.Equal(13, lines.Length);
        Assert.Equal("- …and 2 more sites: the dashboard's Surveys page has every site's results.", lines[^1]);
    }

    /// <summary>
    /// A partner lead who runs their cohort's reflection meetings (they have no site: their tutors are at three) got every
    /// site's rates, their own partner's nowhere: the pages they may read show their cohort only (README, Partner leads).
    /// </summary>
    [Fact]
    public void A_partner_leads_pre_read_gives_their_cohort_not_every_sites()
    {
        var run = ClosedRun("january", January, "lincoln", invited: 0);
        foreach (var (site, partner, i) in new[] { ("lincoln", "citytutors", 0), ("grant", "citytutors", 1), ("hayes", "citytutors", 2), ("lincoln", "citytutors", 3),
                     ("grant", "citytutors", 4), ("grant", "readcorps", 5), ("hayes", "readcorps", 6) })
        {
            var person = new Person { Id = $"t{i}", Name = $"Tutor {i}", Email = $"t{i}@example.org", Roles = [Roles.Tutor], Site = site, Partner = partner };
            directory.Save(person);
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{person.Id}", run.Campaign, person.Id,
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + person.Id }, Message.Text("survey"), January.AddDays(-7)));
            surveys.Save(new SurveyResponse
            {
                Id = SurveyStore.ResponseId(run.Id, person.Id), RunId = run.Id, PersonId = person.Id, Site = site, Partner = partner,
                Answers = new() { ["intent"] = "yes", ["satisfaction"] = "4", ["support"] = "4" },
            });
        }
        var pia = new Person { Id = "pia", Name = "Pia", Email = "pia@example.org", Roles = [Roles.PartnerLead], Partner = "citytutors" };

        var preRead = new PreRead(sites, Chicago()).For(pia).OfType<TextBlock>().Select(t => t.Markdown).ToList();

        Assert.Equal("- **citytutors**: 5 of 5 answered (100%); 100% plan to keep tutoring", preRead[1]);
    }

    [Fact]
    public void A_site_sees_only_its_own_tutors_at_risk_and_only_its_own_runs()
    {
        var lincoln = ClosedRun("lincoln-run", January, "lincoln", invited: 5, "no", "yes", "yes", "yes", "yes");
        ClosedRun("grant-run", January, "grant", invited: 5, "no");

        var atRisk = sites.AtRisk(lincoln, "lincoln");

        Assert.Equal(["Tutor 0 of lincoln"], atRisk.Select(a => a.Name));
        Assert.Empty(sites.AtRisk(lincoln, "grant"));
        Assert.Empty(sites.AtRisk(lincoln with { Anonymous = true }, "lincoln"));
        Assert.Equal(["lincoln-run"], sites.RunsFor("lincoln").Select(s => s.RunId));
    }

    [Fact]
    public void A_closed_runs_invited_count_follows_a_tutor_who_moves_to_another_site()
    {
        var run = ClosedRun("march", January, "grant", invited: 6, "yes");
        Assert.Equal(6, sites.For(run, "grant").Invited);

        directory.Save(directory.Find("grant-1")! with { Site = "lincoln" });

        // "Invited" is the run's invitations to the site's people today: she had not answered, so she now counts at Lincoln.
        Assert.Equal((5, 1), (sites.For(run, "grant").Invited, sites.For(run, "lincoln").Invited));
    }

    [Fact]
    public void A_tutor_who_answered_and_then_moved_site_stays_counted_invited_beside_their_answer()
    {
        var run = ClosedRun("march", January, "grant", invited: 6, "yes", "no", "yes", "yes", "unsure", "yes");

        directory.Save(directory.Find("grant-0")! with { Site = "lincoln" });

        // Her answer is Grant's (its results, its at-risk list): counted at Lincoln, Grant read 6 answers of 5 invited (120%).
        var grant = sites.For(run, "grant");
        Assert.Equal((6, 6, 1.0), (grant.Invited, grant.Responses, grant.ResponseRate));
        Assert.Equal(0, sites.For(run, "lincoln").Invited);
    }

    [Fact]
    public void A_cohort_the_anonymous_by_partner_breakdown_hides_to_protect_a_smaller_one_stays_hidden_on_its_leads_page()
    {
        // Six CityTutors answers and two of ReadWell: shown, CityTutors' counts taken from the overall would give ReadWell's two.
        var run = new SurveyRun
        {
            Id = "pulse-anon", SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", January).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = January.AddDays(-7), ClosesAt = January, Status = RunStatus.Closed,
            Anonymous = true,
        };
        surveys.Save(run);
        foreach (var (partner, count) in new[] { ("citytutors", 6), ("readwell", 2) })
            for (var i = 0; i < count; i++)
            {
                directory.Save(new Person { Id = $"{partner}-{i}", Name = $"Tutor {i}", Email = $"{partner}{i}@example.org", Roles = [Roles.Tutor], Partner = partner });
                surveys.Save(new SurveyResponse
                {
                    Id = SurveyStore.ResponseId(run.Id, $"{partner}-{i}"), RunId = run.Id, Partner = partner,
                    Answers = new() { ["intent"] = i % 2 == 0 ? "yes" : "no", ["satisfaction"] = "4", ["support"] = "4" },
                });
            }

        var cityTutors = sites.For(run, Slice.Partner("citytutors"));

        Assert.True(cityTutors.Hidden);
        Assert.True(cityTutors.HiddenForAnother);
        Assert.Equal((null, null, null), (cityTutors.Responses, cityTutors.Yes, cityTutors.IntendToStay));
        Assert.Empty(cityTutors.Questions);
    }

    /// <summary>
    /// A survey of the program's own, without the intent question: a site of six answers shown on its champion's page beside
    /// the overall counts (the central team's page) gave the one answer of a smaller site away by subtraction.
    /// </summary>
    [Fact]
    public void A_site_whose_counts_would_give_a_smaller_sites_answers_away_stays_hidden_in_an_anonymous_survey_without_the_intent_question()
    {
        var run = new SurveyRun
        {
            Id = "own-anon", SurveyId = "own", Title = "Materials check",
            Questions = [new() { Id = "materials", Text = "Do you have the materials you need?", Type = QuestionType.Scale5, Required = true }],
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = January.AddDays(-7), ClosesAt = January, Status = RunStatus.Closed,
            Anonymous = true,
        };
        surveys.Save(run);
        foreach (var (site, count) in new[] { ("lincoln", 6), ("grant", 1) })
            for (var i = 0; i < count; i++)
            {
                directory.Save(new Person { Id = $"{site}-{i}", Name = $"Tutor {i}", Email = $"{site}{i}@example.org", Roles = [Roles.Tutor], Site = site });
                surveys.Save(new SurveyResponse
                {
                    Id = SurveyStore.ResponseId(run.Id, $"a-{site}-{i}"), RunId = run.Id, Site = site,
                    Answers = new() { ["materials"] = site == "grant" ? "1" : "4" },
                });
            }

        var lincoln = sites.For(run, "lincoln");

        Assert.True(lincoln.Hidden);
        Assert.True(lincoln.HiddenForAnother);
        Assert.Empty(lincoln.Questions);
    }

    public void Dispose() => temp.Dispose();
}
