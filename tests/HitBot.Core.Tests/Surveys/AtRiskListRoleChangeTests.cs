using System.Globalization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Tests.Messaging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.Surveys;

/// <summary>
/// A run closes on Friday night and its at-risk lists (tutors named, with their answers) wait for each reader's Monday
/// 09:00. Over the weekend the roster changes: Lincoln's champion moves to Grant, or stops being a champion, or the partner
/// lead hands the partner on. The list was theirs for the role they held, and that role has ended: on Monday it is not sent.
/// </summary>
public sealed class AtRiskListRoleChangeTests : IAsyncDisposable
{
    static readonly DateTimeOffset FridayNight = DateTimeOffset.Parse("2026-03-07T05:00:00Z", CultureInfo.InvariantCulture); // 23:00 in Chicago
    static readonly DateTimeOffset MondayMorning = DateTimeOffset.Parse("2026-03-09T15:00:00Z", CultureInfo.InvariantCulture); // 10:00 in Chicago

    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(FridayNight);
    readonly RecordingChannel teams = new();
    readonly DispatcherUnderTest dispatcher;
    readonly RunCloseMessages close;

    public AtRiskListRoleChangeTests()
    {
        dispatcher = new DispatcherUnderTest(temp.Db, time, new DispatcherOptions(), teams);
        var clock = new ProgramClock(time, Options.Create(new ProgramOptions { TimeZone = "America/Chicago" }));
        close = new RunCloseMessages(new PeopleDirectory(dispatcher.People, time), dispatcher.Outbox, clock, time);
    }

    Person Save(string id, string role, string? site = null, string? partner = null)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role], Site = site, Partner = partner }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, time.GetUtcNow());
        dispatcher.People.Save(person);
        return person;
    }

    /// <summary>Maya, a CityTutors tutor at Lincoln, may not stay; the run closes on Friday night.</summary>
    SurveyRun CloseOnFridayNight()
    {
        var maya = Save("maya", Roles.Tutor, site: "lincoln", partner: "citytutors");
        var run = new SurveyRun { Id = "pulse-1", SurveyId = "pulse", Title = "Tutor retention pulse", Status = RunStatus.Closed, ClosesAt = FridayNight.UtcDateTime };
        var atRisk = new AtRiskPerson(maya.Id, "Maya Lopez", "lincoln", "citytutors", ["not continuing"], new() { ["Will you keep tutoring?"] = "No" });
        close.Send(run, new RunReport(run.Id, run.Title, false, "closed", 10, 6, 0.6, [], [], [], [], [atRisk], []));
        return run;
    }

    async Task<Delivery> MondayAsync(SurveyRun run, Person reader)
    {
        var list = Assert.Single(dispatcher.Outbox.ForCampaign(run.Campaign + ":at-risk"), d => d.PersonId == reader.Id);
        Assert.True(list.DueAt > FridayNight.UtcDateTime, "The list waits for the reader's Monday morning.");
        await dispatcher.StartAsync();
        await dispatcher.IdleAsync();
        time.SetUtcNow(MondayMorning);
        await dispatcher.IdleAsync();
        return dispatcher.Row(list.Id);
    }

    [Fact]
    public async Task A_champion_still_at_the_site_on_Monday_gets_its_list()
    {
        var bea = Save("bea", Roles.SiteChampion, site: "lincoln");
        var run = CloseOnFridayNight();

        var row = await MondayAsync(run, bea);

        Assert.Equal(DeliveryState.Sent, row.State);
        Assert.Contains(teams.Sent, s => s.To.UserId == "29:bea");
    }

    [Fact]
    public async Task A_champion_who_moved_to_another_site_over_the_weekend_does_not_get_the_old_sites_list()
    {
        var bea = Save("bea", Roles.SiteChampion, site: "lincoln");
        var run = CloseOnFridayNight();
        dispatcher.People.Save(bea with { Site = "grant" });

        var row = await MondayAsync(run, bea);

        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.Contains("no longer", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(teams.Sent, s => s.To.UserId == "29:bea");
    }

    [Fact]
    public async Task A_champion_who_is_only_a_tutor_again_on_Monday_does_not_get_the_list()
    {
        var bea = Save("bea", Roles.SiteChampion, site: "lincoln");
        var run = CloseOnFridayNight();
        dispatcher.People.Save(bea with { Roles = [Roles.Tutor] });

        var row = await MondayAsync(run, bea);

        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.DoesNotContain(teams.Sent, s => s.To.UserId == "29:bea");
    }

    [Fact]
    public async Task A_partner_lead_who_handed_the_partner_on_does_not_get_the_cohorts_list()
    {
        var pia = Save("pia", Roles.PartnerLead, partner: "citytutors");
        var run = CloseOnFridayNight();
        dispatcher.People.Save(pia with { Partner = "readcorps" });

        var row = await MondayAsync(run, pia);

        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.DoesNotContain(teams.Sent, s => s.To.UserId == "29:pia");
    }

    [Fact]
    public async Task A_coordinator_who_left_the_central_team_does_not_get_the_list_of_a_site_without_a_champion()
    {
        var lena = Save("lena", Roles.CentralTeam);
        var run = CloseOnFridayNight();
        dispatcher.People.Save(lena with { Roles = [Roles.Coach] });

        var row = await MondayAsync(run, lena);

        Assert.Equal(DeliveryState.Cancelled, row.State);
        Assert.DoesNotContain(teams.Sent, s => s.To.UserId == "29:lena");
    }

    public async ValueTask DisposeAsync()
    {
        await dispatcher.DisposeAsync();
        temp.Dispose();
    }
}
