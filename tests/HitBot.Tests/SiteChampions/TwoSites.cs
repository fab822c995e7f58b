using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests.SiteChampions;

/// <summary>
/// Two sites on the real host: Lincoln (six tutors, champion Cara) and Grant (three tutors, champion Gus), a partner lead
/// and a central team member, the tutors linked to the Teams stand-in. Survey runs are put in the store as the runner
/// leaves them (run, one sent survey delivery per invited tutor, answers), so each test chooses who answered what.
/// </summary>
sealed class TwoSites : IAsyncDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoSites(TeamsTestApp teams) => Teams = teams;

    public TeamsTestApp Teams { get; }
    public HitBotApp App => Teams.App;
    public HttpClient Admin => App.CreateAdminClient();
    public DirectoryStore Directory => App.Get<DirectoryStore>();
    public List<Person> LincolnTutors => [.. Directory.All().Where(p => p.HasRole(Roles.Tutor) && p.Site == Lincoln)];
    public List<Person> GrantTutors => [.. Directory.All().Where(p => p.HasRole(Roles.Tutor) && p.Site == Grant)];
    public string Lincoln => Person("cara@example.org").Site ?? throw new InvalidOperationException("Cara has no site.");
    public string Grant => Person("gus@example.org").Site ?? throw new InvalidOperationException("Gus has no site.");

    public static async Task<TwoSites> StartAsync(bool realPort = false)
    {
        var sites = new TwoSites(await TeamsTestApp.StartAsync(realPort: realPort));
        await sites.Teams.ImportRosterAsync(
            string.Concat(Enumerable.Range(1, 6).Select(i => $"Lincoln Tutor {i},l{i}@example.org,tutor,Lincoln,CityTutors\n")) +
            string.Concat(Enumerable.Range(1, 3).Select(i => $"Grant Tutor {i},g{i}@example.org,tutor,Grant,ReadCorps\n")) +
            "Cara Diaz,cara@example.org,site champion,Lincoln,\n" +
            "Gus Mora,gus@example.org,site coordinator,Grant,\n" +
            "Pia Chen,pia@example.org,partner lead,,CityTutors\n" +
            "Lena Park,lena@example.org,central team,,\n");
        var people = sites.App.Get<PeopleDirectory>();
        foreach (var tutor in sites.Directory.All().Where(p => p.HasRole(Roles.Tutor)))
            people.Link(new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = "29:" + tutor.Id, ConversationId = FakeBotConnector.ConversationFor("29:" + tutor.Id),
                ServiceUrl = sites.Teams.Connector.ServiceUrl, TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
            }, tutor.Email);
        return sites;
    }

    public Person Person(string email) => Directory.FindByEmail(email) ?? throw new InvalidOperationException($"No {email} on the roster.");

    /// <summary>A personal token issued by the central team through the admin API.</summary>
    public async Task<string> TokenForAsync(string email)
    {
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{Person(email).Id}/api-token", UriKind.Relative), null, Ct);
        issued.EnsureSuccessStatusCode();
        return (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))?["token"] ?? throw new InvalidOperationException("no token");
    }

    public async Task<HttpClient> ClientForAsync(string email)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await TokenForAsync(email));
        return client;
    }

    /// <summary>A closed retention pulse sent to <paramref name="invited"/>; the answers are (tutor, intent, support 1-5).</summary>
    public SurveyRun ClosedRun(string id, bool anonymous, IEnumerable<Person> invited, params (Person Tutor, string Intent, string Support)[] answers)
    {
        var surveys = App.Get<SurveyStore>();
        var closed = App.Time.GetUtcNow().UtcDateTime.AddDays(-1);
        var run = new SurveyRun
        {
            Id = id, SurveyId = "pulse-" + id, Title = "Tutor retention pulse " + id, Questions = RetentionPulse.Create("pulse", closed).Questions,
            Audience = new Audience { Roles = [Roles.Tutor] }, OpensAt = closed.AddDays(-7), ClosesAt = closed, Status = RunStatus.Closed,
            Anonymous = anonymous,
        };
        surveys.Save(run);
        var outbox = App.Get<OutboxStore>();
        // Written already sent, as the run left them: queued, they were the dispatcher's to claim while the test ran, and
        // one claimed after a test deactivated or opted out its tutor was cancelled, taking them out of the invited.
        foreach (var person in invited)
            outbox.TryEnqueue(Delivery.Send($"{run.Campaign}:{person.Id}", run.Campaign, person.Id,
                person.Identities[0], Message.Text("survey"), closed.AddDays(-7))
                with { State = DeliveryState.Sent, DueAt = Delivery.NotDue, SentAt = closed.AddDays(-7) });
        foreach (var (tutor, intent, support) in answers)
            surveys.Save(new SurveyResponse
            {
                Id = SurveyStore.ResponseId(run.Id, anonymous ? surveys.RespondentKey(run, tutor.Id) : tutor.Id), RunId = run.Id,
                PersonId = anonymous ? null : tutor.Id, Site = tutor.Site, Partner = tutor.Partner,
                Answers = new() { [RetentionPulse.IntentQuestion] = intent, ["satisfaction"] = "4", ["support"] = support },
            });
        return run;
    }

    public ValueTask DisposeAsync() => Teams.DisposeAsync();
}
