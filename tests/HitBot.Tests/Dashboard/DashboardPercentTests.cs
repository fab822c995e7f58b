using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>The percents the dashboard shows, as a coordinator copies them into a report to the school board.</summary>
public sealed class DashboardPercentTests : TwoChannelsInBrowser
{
    /// <summary>
    /// 199 of 200 tutors answered: 99.5% rounded to "100%" on the run's page, in its trend and on the overview, and the
    /// coordinator told the board everyone had answered while one tutor had not.
    /// </summary>
    [Fact]
    public async Task A_run_that_all_but_one_answered_does_not_read_100_percent()
    {
        var run = RunAsked("run-199", invited: 200, answered: 199);

        await SignInAsync();

        await Expect(Page.Locator("main")).ToContainTextAsync("199 of 200 answered (99%)");
        await Page.GotoAsync(BaseUrl + "/#/runs/" + run.Id);
        await Expect(Page.Locator("[data-tile='response rate'] b")).ToHaveTextAsync("99%");
        await Expect(Page.Locator("[data-tile='answered'] b")).ToHaveTextAsync("199");
        await Expect(Page.Locator("[data-tile='invited'] b")).ToHaveTextAsync("200");
        await Expect(Page.Locator("section:has(h2:text-is('Across runs')) svg.chart text.count").First).ToHaveTextAsync("99%");
    }

    /// <summary>An open pulse run asked of <paramref name="invited"/> tutors (invitations delivered), the first <paramref name="answered"/> of whom answered.</summary>
    SurveyRun RunAsked(string id, int invited, int answered)
    {
        var (surveys, directory, outbox) = (Teams.App.Get<SurveyStore>(), Teams.App.Get<DirectoryStore>(), Teams.App.Get<OutboxStore>());
        var closesAt = Teams.App.Time.GetUtcNow().UtcDateTime.AddDays(3);
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse", Title = "Tutor retention pulse", Questions = RetentionPulse.Create("pulse", closesAt).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closesAt.AddDays(-7), ClosesAt = closesAt, Status = RunStatus.Open,
        };
        surveys.Save(run);
        for (var i = 0; i < invited; i++)
        {
            var personId = FormattableString.Invariant($"p-{i:D3}");
            directory.Save(new Person { Id = personId, Name = FormattableString.Invariant($"Tutor {i:D3}"), Email = personId + "@example.org", Roles = [Roles.Tutor], Site = "lincoln" });
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{personId}", run.Campaign, personId,
                new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + personId }, Message.Text("survey"), run.OpensAt)
                with { State = DeliveryState.Sent, DueAt = Delivery.NotDue, SentAt = run.OpensAt });
            if (i >= answered) continue;
            surveys.Save(new SurveyResponse
            {
                Id = SurveyStore.ResponseId(run.Id, personId), RunId = run.Id, PersonId = personId, Site = "lincoln",
                Answers = new() { [RetentionPulse.IntentQuestion] = "yes" }, SubmittedAt = run.OpensAt.AddDays(1),
            });
        }
        return run;
    }
}
