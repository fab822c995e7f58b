using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Early check-ins from the roster's "start date" column, on the fake clock (America/Chicago; it starts on Monday 2 March
/// 2026, 08:00 local). Maya starts today, Sam started on 26 January, Kim has no start date.
/// </summary>
public sealed class EarlyCheckInTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    TeamsTestApp teams = null!;
    readonly Dictionary<string, Person> people = [];

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        using var roster = new StringContent("name,email,role,site,start date\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,2026-03-02\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,1/26/2026\n" +
            "Kim Lee,kim@example.org,tutor,Grant,\n" +
            "Ben Okafor,ben@example.org,site champion,Lincoln,2026-03-02\n", Encoding.UTF8, "text/csv");
        (await teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var directory = teams.App.Get<PeopleDirectory>();
        foreach (var name in new[] { "maya", "sam", "kim", "ben" })
        {
            var userId = teams.NewUser().UserId;
            people[name] = directory.Link(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = userId, ConversationId = FakeBotConnector.ConversationFor(userId),
                ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, $"{name}@example.org")!;
        }
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    async Task AdvanceDaysAsync(int days)
    {
        var progress = teams.App.Get<SurveyRunnerProgress>();
        for (var i = 0; i < days * 4; i++)
        {
            teams.App.Time.Advance(TimeSpan.FromHours(6));
            var now = teams.App.Time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }

    /// <summary>Ivy Chen, who started on 28 January (her sixth week now), added to the roster and linked in Teams.</summary>
    async Task<Person> AddIvyAsync()
    {
        using var roster = new StringContent("name,email,role,site,start date\nIvy Chen,ivy@example.org,tutor,Grant,2026-01-28\n", Encoding.UTF8, "text/csv");
        (await teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var ivyChat = teams.NewUser().UserId;
        var ivy = teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = ivyChat, ConversationId = FakeBotConnector.ConversationFor(ivyChat),
            ServiceUrl = teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, "ivy@example.org")!;
        return ivy;
    }

    /// <summary>Who got the survey card of each early check-in run, by run.</summary>
    Dictionary<string, List<string>> CheckInsSent() =>
        teams.App.Get<SurveyStore>().RunsOf(EarlyCheckIn.SurveyId).ToDictionary(r => r.Id,
            r => teams.App.Get<OutboxStore>().ForCampaign(r.Campaign).Select(d => d.PersonId!).Order(StringComparer.Ordinal).ToList());

    [Fact]
    public async Task Tutors_get_a_short_check_in_in_their_second_and_sixth_week_and_nobody_else_does()
    {
        await AdvanceDaysAsync(1);

        Assert.Equal([people["sam"].Id], CheckInsSent()["early-check-in-w6-20260302"]);

        await AdvanceDaysAsync(34);                                  // to Saturday 11 April

        var sent = CheckInsSent();
        Assert.Equal(["early-check-in-w2-20260309", "early-check-in-w6-20260302", "early-check-in-w6-20260406"], sent.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([people["maya"].Id], sent["early-check-in-w2-20260309"]);
        Assert.Equal([people["maya"].Id], sent["early-check-in-w6-20260406"]);
        var runs = teams.App.Get<SurveyStore>();
        Assert.Equal("Early check-in (week 2)", runs.FindRun("early-check-in-w2-20260309")!.Title);
        Assert.Equal(RunStatus.Closed, runs.FindRun("early-check-in-w2-20260309")!.Status);
        Assert.Equal(TimeSpan.FromDays(7), runs.FindRun("early-check-in-w2-20260309")!.ClosesAt - runs.FindRun("early-check-in-w2-20260309")!.OpensAt);
    }

    [Fact]
    public async Task A_tutor_added_mid_week_with_a_start_date_in_the_cohort_joins_the_open_check_in()
    {
        await AdvanceDaysAsync(1);
        var ivy = await AddIvyAsync();

        await AdvanceDaysAsync(1);

        Assert.Equal(new[] { people["sam"].Id, ivy.Id }.Order(StringComparer.Ordinal), CheckInsSent()["early-check-in-w6-20260302"]);
        var surveys = await teams.App.CreateAdminClient().GetFromJsonAsync<JsonArray>(new Uri("/api/admin/surveys", UriKind.Relative), Ct);
        Assert.Contains(surveys!, s => (string?)s!["id"] == EarlyCheckIn.SurveyId);
    }

    [Fact]
    public async Task A_tutor_who_joins_a_check_in_after_its_reminder_was_due_gets_the_card_alone_not_a_reminder_with_it()
    {
        // Thursday: the week's reminder (every 3 days) is already due for the others when Ivy is added.
        await AdvanceDaysAsync(4);
        var ivy = await AddIvyAsync();

        await AdvanceDaysAsync(1);

        var toIvy = teams.App.Get<OutboxStore>().WithKeyPrefix("survey:early-check-in").Where(d => d.PersonId == ivy.Id).ToList();
        // Her card alone (sent or on its way: the dispatcher is not waited for here), and no reminder beside it.
        Assert.Equal(["survey:early-check-in-w6-20260302:" + ivy.Id], toIvy.Select(d => d.Id));
    }
}
