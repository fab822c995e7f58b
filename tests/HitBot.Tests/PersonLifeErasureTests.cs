using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Storage;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// One tutor's whole time with the program, in Teams and Slack, then their erasure: the district promises them that their
/// name, chats and answers are gone, so nothing in the database file may lead back to them afterwards.
/// </summary>
public sealed class PersonLifeErasureTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!;
    Person mayaPerson = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Roosevelt,CityTutors\n" +
            "Lena Park,lena@example.org,central team,,\n" +
            "Erin Cole,erin@example.org,executive champion,,");
        maya = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        mayaPerson = directory.Link(both.TeamsAddress(maya.UserId), "maya@example.org")!;
        directory.Link(TwoChannelApp.SlackAddress("U1MAYA"), "maya@example.org");
        directory.Link(both.TeamsAddress(teams.NewUser().UserId), "sam@example.org");
        directory.Link(both.TeamsAddress(teams.NewUser().UserId), "lena@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1ERIN"), "erin@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    /// <summary>Every document of the file holding one of the clues, as "collection: json".</summary>
    List<string> Holding(params string[] clues) =>
        [.. teams.App.Get<HitBotDb>().AllDocuments()
            .Where(d => clues.Any(c => d.Json.Contains(c, StringComparison.OrdinalIgnoreCase)))
            .Select(d => $"{d.Collection}: {d.Json}")];

    [Fact]
    public async Task Erasing_a_tutor_takes_them_out_of_a_thank_you_sent_to_them_by_name()
    {
        var samId = teams.App.Get<DirectoryStore>().FindByEmail("sam@example.org")!.Id;
        var thanks = new JsonObject
        {
            ["id"] = "friday-cover", ["message"] = "Thank you for covering Friday!", ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id, samId) },
        };
        (await Admin.PostAsJsonAsync("/api/admin/appreciation", thanks, Ct)).EnsureSuccessStatusCode();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(Holding(mayaPerson.Id));
        Assert.Contains(Holding(samId), d => d.StartsWith(AppreciationStore.Collection + ":", StringComparison.Ordinal));
    }
}
