using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
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

        var preRead = new PreRead(sites).For(ben).OfType<TextBlock>().Select(t => t.Markdown).ToList();

        Assert.Contains("closed 27 Feb 2026", preRead[0], StringComparison.Ordinal);
        Assert.Equal("- **lincoln**: 6 of 8 answered (75%); 83% plan to keep tutoring — since Tutor retention pulse of 16 Jan: response rate up 25 points, plan to stay up 23 points",
            preRead[1]);
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

        directory.Save(directory.Find("grant-0")! with { Site = "lincoln" });

        // "Invited" is the run's invitations to the site's people today: she now counts at Lincoln.
        Assert.Equal((5, 1), (sites.For(run, "grant").Invited, sites.For(run, "lincoln").Invited));
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

    public void Dispose() => temp.Dispose();
}
