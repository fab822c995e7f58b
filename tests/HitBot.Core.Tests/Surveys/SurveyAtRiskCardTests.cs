using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The at-risk list a site champion gets when a named run closes.</summary>
public sealed class SurveyAtRiskCardTests : IDisposable
{
    static readonly DateTimeOffset Now = new(2026, 3, 4, 15, 0, 0, TimeSpan.Zero); // Wednesday 09:00 in Chicago
    readonly SurveyRunnerUnderTest app = new(Now);

    [Fact]
    public void A_long_list_sends_the_site_champion_to_their_own_dashboard_page_not_the_admin_API_they_cannot_open()
    {
        var champion = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = OpenPulse("pulse-1");
        foreach (var i in Enumerable.Range(1, 16))
        {
            var tutor = app.Person($"tutor{i:00}", Roles.Tutor, site: "lincoln");
            app.Answer(tutor, run); // the first choice of "Do you plan to keep tutoring?" is yes, of support 1
        }

        app.Runner.CloseNow(run.Id);

        var list = Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":at-risk"));
        Assert.Equal(champion.Id, list.PersonId);
        var more = app.Outbox.MessageOf(list)!.Card!.Body.OfType<TextBlock>().Last().Markdown;
        Assert.Equal("…and 1 more on the dashboard's My site page.", more);
    }

    [Fact]
    public void A_site_champion_who_tutors_and_may_not_stay_is_not_sent_their_own_answers_the_central_team_hears_instead()
    {
        var bea = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        app.Directory.Save(app.Directory.Find("bea")! with { Roles = [Roles.SiteChampion, Roles.Tutor] });
        var lena = app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-2");
        app.Answer(app.Directory.Find("bea")!, run); // support 1: at risk
        app.Answer(app.Person("tom", Roles.Tutor, site: "lincoln"), run);

        app.Runner.CloseNow(run.Id);

        var lists = app.Outbox.ForCampaign(run.Campaign + ":at-risk");
        var toBea = Assert.Single(lists, d => d.PersonId == bea.Id);
        var toLena = Assert.Single(lists, d => d.PersonId == lena.Id);
        var beasList = TextOf(toBea);
        Assert.DoesNotContain("**bea**", beasList, StringComparison.Ordinal);
        Assert.Contains("**tom**", beasList, StringComparison.Ordinal);
        var aboutBea = TextOf(toLena);
        Assert.Contains("**bea**", aboutBea, StringComparison.Ordinal);
        Assert.Contains("site champion", aboutBea, StringComparison.Ordinal);
        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.Equal("2: the site champions of lincoln got their lists; lincoln's own site champion may not stay, so the central team got that entry",
            summary.Single(f => f.Title == "At risk").Value);
    }

    [Fact]
    public void A_site_champion_who_is_also_the_partner_lead_gets_each_at_risk_tutor_once()
    {
        var pia = app.Person("pia", Roles.SiteChampion, site: "lincoln", partner: "citytutors");
        app.Directory.Save(app.Directory.Find("pia")! with { Roles = [Roles.SiteChampion, Roles.PartnerLead] });
        var run = OpenPulse("pulse-3");
        app.Answer(app.Person("tom", Roles.Tutor, site: "lincoln", partner: "citytutors"), run); // support 1: at risk
        app.Answer(app.Person("gia", Roles.Tutor, site: "grant", partner: "citytutors"), run);

        app.Runner.CloseNow(run.Id);

        var toPia = app.Outbox.ForCampaign(run.Campaign + ":at-risk").Where(d => d.PersonId == pia.Id)
            .Select(d => TextOf(d)).ToList();
        Assert.Equal(2, toPia.Count);
        Assert.Single(toPia, text => text.Contains("**tom**", StringComparison.Ordinal));
        Assert.Single(toPia, text => text.Contains("**gia**", StringComparison.Ordinal));
    }

    [Fact]
    public void A_partner_lead_who_tutors_and_may_not_stay_is_not_sent_their_own_answers_in_their_cohorts_list()
    {
        var paul = app.Person("paul", Roles.PartnerLead, site: "grant", partner: "citytutors");
        app.Directory.Save(app.Directory.Find("paul")! with { Roles = [Roles.PartnerLead, Roles.Tutor] });
        var bea = app.Person("bea", Roles.SiteChampion, site: "grant");
        var run = OpenPulse("pulse-4");
        app.Answer(app.Directory.Find("paul")!, run); // support 1: at risk
        app.Answer(app.Person("tom", Roles.Tutor, site: "lincoln", partner: "citytutors"), run);

        app.Runner.CloseNow(run.Id);

        var lists = app.Outbox.ForCampaign(run.Campaign + ":at-risk");
        var paulsList = TextOf(Assert.Single(lists, d => d.PersonId == paul.Id));
        Assert.DoesNotContain("**paul**", paulsList, StringComparison.Ordinal);
        Assert.Contains("**tom**", paulsList, StringComparison.Ordinal);
        var beasList = TextOf(Assert.Single(lists, d => d.PersonId == bea.Id));
        Assert.Contains("**paul**", beasList, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_champion_and_partner_lead_who_tutors_and_may_not_stay_gets_no_card_about_themselves()
    {
        var pia = app.Person("pia", Roles.SiteChampion, site: "lincoln", partner: "citytutors");
        app.Directory.Save(app.Directory.Find("pia")! with { Roles = [Roles.SiteChampion, Roles.PartnerLead, Roles.Tutor] });
        var lena = app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-5");
        app.Answer(app.Directory.Find("pia")!, run); // support 1: at risk

        app.Runner.CloseNow(run.Id);

        var lists = app.Outbox.ForCampaign(run.Campaign + ":at-risk");
        Assert.DoesNotContain(lists, d => d.PersonId == pia.Id);
        Assert.Single(lists, d => d.PersonId == lena.Id);
        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.DoesNotContain("partner lead", summary.Single(f => f.Title == "At risk").Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// Tom answered when CityTutors had no partner lead: his card said only his site champion and the central team would
    /// see his name. A lead added before the close does not get it; Ann, who answered after, was told, and is on the list.
    /// </summary>
    [Fact]
    public void A_partner_lead_added_after_a_tutor_answered_is_not_sent_that_tutors_name()
    {
        var run = OpenPulse("pulse-6");
        var bea = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        app.Answer(app.Person("tom", Roles.Tutor, site: "lincoln", partner: "citytutors"), run); // support 1: at risk
        var paul = app.Person("paul", Roles.PartnerLead, partner: "citytutors");
        app.Answer(app.Person("ann", Roles.Tutor, site: "lincoln", partner: "citytutors"), run);

        app.Runner.CloseNow(run.Id);

        var lists = app.Outbox.ForCampaign(run.Campaign + ":at-risk");
        var paulsList = TextOf(Assert.Single(lists, d => d.PersonId == paul.Id));
        Assert.DoesNotContain("**tom**", paulsList, StringComparison.Ordinal);
        Assert.Contains("**ann**", paulsList, StringComparison.Ordinal);
        var beasList = TextOf(Assert.Single(lists, d => d.PersonId == bea.Id));
        Assert.Contains("**tom**", beasList, StringComparison.Ordinal);
    }

    /// <summary>
    /// A district of 60 sites: the summary named every site whose champion got a list, about 2,000 characters before it
    /// said which lists came to the central team itself, and Slack cuts a fact at 2,000 characters, so that part was lost.
    /// </summary>
    [Fact]
    public void The_summary_of_a_district_with_many_sites_counts_the_sites_whose_champions_got_lists_and_names_those_that_came_to_the_central_team()
    {
        app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-7");
        foreach (var i in Enumerable.Range(1, 60))
        {
            var site = $"washington-elementary-school-{i:00}";
            app.Person($"champion{i:00}", Roles.SiteChampion, site: site);
            app.Answer(app.Person($"tutor{i:00}", Roles.Tutor, site: site), run); // support 1: at risk
        }
        app.Answer(app.Person("tom", Roles.Tutor, site: "grant"), run);
        app.Answer(app.Person("ann", Roles.Tutor, site: "hoover"), run);

        app.Runner.CloseNow(run.Id);

        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.Equal("62: the site champions of 60 sites got their lists; grant, hoover have no site champion in chat, so the central team got those lists",
            summary.Single(f => f.Title == "At risk").Value);
    }

    /// <summary>
    /// Fifteen tutors at one site who each wrote the most the form takes in both text boxes: the champion's list quoted
    /// 30,000 characters, more than Slack takes in one message (msg_blocks_too_long near 13,000, protocols.md §7.2), which
    /// it refuses for good, so the champion got no list at all. It now quotes as many as fit and counts the rest.
    /// </summary>
    [Fact]
    public void A_list_of_tutors_who_wrote_long_answers_quotes_as_many_as_fit_one_message_and_counts_the_rest()
    {
        var champion = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = OpenPulse("pulse-8");
        foreach (var i in Enumerable.Range(1, 15))
        {
            var tutor = app.Person($"tutor{i:00}", Roles.Tutor, site: "lincoln");
            var result = app.Router.Handle(new HitBot.Core.Messaging.Routing.Interaction
            {
                Verb = SurveyCards.AnswerVerb, From = tutor.Identities[0], Person = tutor, Data = new() { ["run"] = run.Id },
                Inputs = new()
                {
                    ["intent"] = "no", ["satisfaction"] = "1", ["support"] = "1",
                    ["help-stay"] = $"tutor{i:00}: " + new string('a', Question.MaxText - 9), ["anything-else"] = new string('b', Question.MaxText),
                },
            });
            Assert.Null(result.Notice);
        }

        app.Runner.CloseNow(run.Id);

        var list = Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":at-risk"));
        var card = app.Outbox.MessageOf(list)!.Card!;
        var quoted = card.Body.Sum(e => e switch
        {
            TextBlock t => t.Markdown.Length,
            FactList f => f.Facts.Sum(x => x.Title.Length + x.Value.Length),
            _ => 0,
        });
        Assert.InRange(quoted, 1, 10_000);
        var shown = Enumerable.Range(1, 15).Count(i => card.Body.OfType<FactList>().Any(f => f.Facts.Any(x => x.Value.StartsWith($"tutor{i:00}: ", StringComparison.Ordinal))));
        Assert.InRange(shown, 3, 14);
        Assert.Equal($"…and {15 - shown} more on the dashboard's My site page.", card.Body.OfType<TextBlock>().Last().Markdown);
        Assert.Equal(shown, list.Names!.Count);
    }

    /// <summary>
    /// HitBot run as a service has no language set (systemd passes none), and the summary's rate came out as "(33 %)",
    /// with a space, and its counts as "1000 of 3000" where every other card writes "3,000 people".
    /// </summary>
    [Fact]
    public void The_summary_writes_its_response_rate_as_the_other_cards_write_numbers()
    {
        app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-9");
        var tutors = Enumerable.Range(1, 3).Select(i => app.Person($"tutor{i}", Roles.Tutor, site: "lincoln")).ToList();
        // Their invitations, as the run's opening queued them and the dispatcher sent them: the rate is of the people it asked.
        InvitationsSent(run, tutors);
        app.Answer(tutors[0], run);

        app.Runner.CloseNow(run.Id);

        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.Equal("1 of 3 (33%)", summary.Single(f => f.Title == "Responses").Value);
    }

    /// <summary>
    /// Cy's invitation still waited when the run closed (his weekly message limit had moved it to next week): the close
    /// cancels it, and the run's page counts the two people it asked, 1 of 2 (50%). The coordinators' summary in chat,
    /// counted before that cancel, said 1 of 3 (33%) of the same run.
    /// </summary>
    [Fact]
    public void The_summarys_response_rate_is_the_one_the_runs_page_shows_after_the_close()
    {
        app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-10");
        var tutors = Enumerable.Range(1, 3).Select(i => app.Person($"tutor{i}", Roles.Tutor, site: "lincoln")).ToList();
        InvitationsSent(run, tutors[..2]);
        app.Outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{tutors[2].Id}", run.Campaign, tutors[2].Id, tutors[2].Identities[0], Message.Text("Invitation"), Now));
        app.Answer(tutors[0], run);

        app.Runner.CloseNow(run.Id);

        var page = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(app.Surveys.FindRun(run.Id)!);
        Assert.Equal((1, 2), (page.Responses, page.Invited));
        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.Equal("1 of 2 (50%)", summary.Single(f => f.Title == "Responses").Value);
    }

    /// <summary>
    /// 199 of the 200 tutors asked answered: the coordinators' summary said "199 of 200 (100%)", as if everyone had, and
    /// that is the figure that went into the report to the board.
    /// </summary>
    [Fact]
    public void The_summary_of_a_run_all_but_one_answered_does_not_say_100_percent()
    {
        app.Person("lena", Roles.CentralTeam);
        var run = OpenPulse("pulse-199");
        var tutors = Enumerable.Range(1, 200).Select(i => app.Person($"tutor{i:000}", Roles.Tutor, site: "lincoln")).ToList();
        InvitationsSent(run, tutors);
        foreach (var tutor in tutors.Skip(1)) app.Answer(tutor, run);

        app.Runner.CloseNow(run.Id);

        var summary = app.Outbox.MessageOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":summary")))!.Card!.Body.OfType<FactList>().Single().Facts;
        Assert.Equal("199 of 200 (99%)", summary.Single(f => f.Title == "Responses").Value);
    }

    /// <summary>The run's invitations to these people, queued as its opening does and delivered.</summary>
    void InvitationsSent(SurveyRun run, IEnumerable<Person> people)
    {
        foreach (var person in people)
        {
            var invitation = Delivery.Send($"{run.Campaign}:{person.Id}", run.Campaign, person.Id, person.Identities[0], Message.Text("Invitation"), Now);
            app.Outbox.TryEnqueue(invitation);
            app.Outbox.MarkSent(app.Outbox.Find(invitation.Id)!, new SentMessage("a:" + person.Id, "1:" + person.Id), Now);
        }
    }

    /// <summary>
    /// A survey of the district's own, made through the API, asks "support" from 0 to 10. Tom answers 2 of 10 and plans to
    /// stay: the champion was sent him as a tutor who "rates support 2 of 5", which he never said, on a rule written for the
    /// pulse's 1–5 scale.
    /// </summary>
    [Fact]
    public void A_support_question_asked_from_0_to_10_does_not_put_a_tutor_on_the_list_by_the_1_to_5_rule()
    {
        var bea = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = OpenRun("check-in-1",
        [
            new() { Id = RetentionPulse.IntentQuestion, Text = "Do you plan to keep tutoring with us next term?", Type = QuestionType.YesNoUnsure, Required = true },
            new() { Id = RetentionPulse.SupportQuestion, Text = "From 0 to 10, how supported do you feel?", Type = QuestionType.Scale10, Required = true },
        ]);
        AnswerWith(app.Person("tom", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "yes", ["support"] = "2" });
        AnswerWith(app.Person("ann", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "unsure", ["support"] = "9" });

        app.Runner.CloseNow(run.Id);

        var list = TextOf(Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":at-risk"), d => d.PersonId == bea.Id));
        Assert.DoesNotContain("**tom**", list, StringComparison.Ordinal);
        Assert.Contains("**ann**", list, StringComparison.Ordinal);
        Assert.DoesNotContain("of 5", list, StringComparison.Ordinal);
    }

    /// <summary>
    /// A survey saved before two questions were refused the same words asks "Any comments?" twice. Ann, unsure, answered
    /// both: the at-risk list keyed her answers by the question's words, threw, and the run's results page answered 500.
    /// </summary>
    [Fact]
    public void A_survey_saved_with_two_questions_of_the_same_words_still_lists_who_may_not_stay_with_both_answers()
    {
        var run = OpenRun("comments-1",
        [
            new() { Id = RetentionPulse.IntentQuestion, Text = "Do you plan to keep tutoring with us next term?", Type = QuestionType.YesNoUnsure, Required = true },
            new() { Id = "c1", Text = "Any comments?", Type = QuestionType.FreeText },
            new() { Id = "c2", Text = "Any comments?", Type = QuestionType.FreeText },
        ]);
        AnswerWith(app.Person("ann", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "unsure", ["c1"] = "Rooms", ["c2"] = "Time" });

        var page = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(app.Surveys.FindRun(run.Id)!);

        var ann = Assert.Single(page.AtRisk);
        Assert.Equal(("Rooms", "Time"), (ann.Answers["Any comments?"], ann.Answers["Any comments? (2)"]));
    }

    /// <summary>
    /// An API survey whose "intent" is a choice of its own ("no" there meaning "no change to my hours"): Tom, who ticked it,
    /// was listed to his champion as "not continuing".
    /// </summary>
    [Fact]
    public void An_intent_question_that_is_not_yes_no_unsure_does_not_put_a_tutor_on_the_list()
    {
        var bea = app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = OpenRun("hours-1",
        [
            new()
            {
                Id = RetentionPulse.IntentQuestion, Text = "Would you like to change your hours?", Type = QuestionType.SingleChoice, Required = true,
                Options = [new("more", "More hours"), new("no", "No change"), new("fewer", "Fewer hours")],
            },
        ]);
        AnswerWith(app.Person("tom", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "no" });

        app.Runner.CloseNow(run.Id);

        Assert.DoesNotContain(app.Outbox.ForCampaign(run.Campaign + ":at-risk"), d => d.PersonId == bea.Id);
    }

    /// <summary>
    /// The same survey's results: its "intent" choices were counted as the pulse's yes / no / not sure, so the run's
    /// breakdown by site showed Lincoln with nobody staying, and its trend point "0% intend to stay", from answers about
    /// hours. The question's own counts are what its results show.
    /// </summary>
    [Fact]
    public void An_intent_question_that_is_not_yes_no_unsure_is_not_read_as_intent_to_stay_in_the_results()
    {
        var run = OpenRun("hours-2",
        [
            new()
            {
                Id = RetentionPulse.IntentQuestion, Text = "Would you like to change your hours?", Type = QuestionType.SingleChoice, Required = true,
                Options = [new("more", "More hours"), new("no", "No change"), new("fewer", "Fewer hours")],
            },
        ]);
        AnswerWith(app.Person("tom", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "no" });
        AnswerWith(app.Person("ann", Roles.Tutor, site: "lincoln"), run, new() { ["intent"] = "more" });

        var report = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(run);

        Assert.Empty(report.IntentBySite);
        Assert.Empty(report.IntentByPartner);
        Assert.Null(Assert.Single(report.Trend).IntendToStay);
        var hours = Assert.Single(report.Questions);
        Assert.Equal([("more", 1), ("no", 1), ("fewer", 0)], hours.Options.Select(o => (o.Value, o.Count)));
    }

    SurveyRun OpenRun(string id, List<Question> questions)
    {
        var run = new SurveyRun
        {
            Id = id, SurveyId = id, Title = "Spring check-in", Questions = questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-1), ClosesAt = Now.UtcDateTime.AddDays(5),
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-2),
        };
        app.Surveys.Save(run);
        return run;
    }

    void AnswerWith(Person tutor, SurveyRun run, Dictionary<string, string> inputs) =>
        Assert.Null(app.Router.Handle(new HitBot.Core.Messaging.Routing.Interaction
        {
            Verb = SurveyCards.AnswerVerb, From = tutor.Identities[0], Person = tutor, Data = new() { ["run"] = run.Id }, Inputs = inputs,
        }).Notice);

    /// <summary>A named retention pulse to the tutors, open since yesterday, without reminders.</summary>
    /// <summary>
    /// Gus said he may not stay and has left the program since (deactivated: a roster import without him). His site champion
    /// was sent his name at the close as someone to talk to, and the run's page listed him, with nothing to say he had gone,
    /// while "who has not answered" marks such people as left. The at-risk list marks him the same way, in chat and in the API.
    /// </summary>
    [Fact]
    public void A_tutor_at_risk_who_has_left_the_program_since_is_marked_as_left_on_the_list()
    {
        app.Person("bea", Roles.SiteChampion, site: "lincoln");
        var run = OpenPulse("pulse-left");
        var tom = app.Person("tom", Roles.Tutor, site: "lincoln");
        var gus = app.Person("gus", Roles.Tutor, site: "lincoln");
        app.Answer(tom, run); // support 1: at risk
        app.Answer(gus, run);
        app.Directory.Save(app.Directory.Find("gus")! with { Inactive = true });

        var atRisk = new SurveyResults(app.Surveys, new PeopleDirectory(app.Directory, app.Time), app.Outbox).For(app.Surveys.FindRun(run.Id)!).AtRisk;
        Assert.Equal([("gus", true), ("tom", false)], atRisk.Select(a => (a.Name, a.Left)).OrderBy(a => a.Name));

        app.Runner.CloseNow(run.Id);

        var list = Assert.Single(app.Outbox.ForCampaign(run.Campaign + ":at-risk"));
        var names = app.Outbox.MessageOf(list)!.Card!.Body.OfType<TextBlock>().Select(t => t.Markdown).Where(t => t.StartsWith("**", StringComparison.Ordinal)).ToList();
        Assert.Contains(names, l => l.StartsWith("**gus** (left the program) · ", StringComparison.Ordinal));
        Assert.Contains(names, l => l.StartsWith("**tom** · ", StringComparison.Ordinal));
    }

    SurveyRun OpenPulse(string id)
    {
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", Now.UtcDateTime).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = Now.UtcDateTime.AddDays(-1), ClosesAt = Now.UtcDateTime.AddDays(5),
            Status = RunStatus.Open, ReminderEveryDays = 0, CreatedAt = Now.UtcDateTime.AddDays(-2),
        };
        app.Surveys.Save(run);
        return run;
    }

    /// <summary>The text of a queued card, its text blocks one per line.</summary>
    string TextOf(Delivery delivery) =>
        string.Join('\n', app.Outbox.MessageOf(delivery)!.Card!.Body.OfType<TextBlock>().Select(t => t.Markdown));

    public void Dispose() => app.Dispose();
}
