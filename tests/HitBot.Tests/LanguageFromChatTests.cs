using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// When the roster gives no language, the directory takes what the person's chat app says (Teams' locale, Slack's); a
/// language from the roster or the admin API is never replaced by it. Teams' time zone is taken the same way.
/// </summary>
public sealed class LanguageFromChatTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Maya and Ana in Teams, on the roster with <paramref name="column"/> as given for each ("" leaves it empty).</summary>
    static async Task<(TeamsActivities Maya, TeamsActivities Ana)> MayaAndAnaAsync(TeamsTestApp teams, string column, string maya, string ana)
    {
        var (mayaInTeams, anaInTeams) = (teams.NewUser(), teams.NewUser());
        teams.Connector.AddMember(mayaInTeams.UserId, "maya@example.org", "Maya Lopez");
        teams.Connector.AddMember(anaInTeams.UserId, "ana@example.org", "Ana Ruiz");
        using var roster = new StringContent($"name,email,role,{column}\nMaya Lopez,maya@example.org,tutor,{maya}\nAna Ruiz,ana@example.org,tutor,{ana}\n",
            Encoding.UTF8, "text/csv");
        (await teams.App.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        return (mayaInTeams, anaInTeams);
    }

    [Fact]
    public async Task A_Teams_message_gives_the_sender_their_Teams_language_only_when_the_roster_gave_none()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var (maya, ana) = await MayaAndAnaAsync(teams, "language", maya: "", ana: "en");
        // Teams puts the client's language in the clientInfo entity (and often in activity.locale too).
        static JsonObject FromSpanishTeams(JsonObject activity)
        {
            activity["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "es-MX", ["country"] = "MX", ["platform"] = "Android" });
            return activity;
        }

        var answers = new[] { await teams.PostAsync(FromSpanishTeams(maya.Text("help"))), await teams.PostAsync(FromSpanishTeams(ana.Text("help"))) };
        var later = maya.Text("help");
        later["locale"] = "en-US";
        await teams.PostAsync(later);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var directory = teams.App.Get<DirectoryStore>();
        Assert.Equal(("es-MX", "en"), (directory.FindByEmail("maya@example.org")?.Language, directory.FindByEmail("ana@example.org")?.Language));
    }

    [Fact]
    public async Task A_Teams_message_gives_the_sender_the_time_zone_of_their_Teams_client_and_the_first_one_stays()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var maya = teams.NewUser();
        teams.Connector.AddMember(maya.UserId, "maya@example.org", "Maya Lopez");
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,,");
        JsonObject From(string zone)
        {
            var activity = maya.Text("help");
            activity["localTimezone"] = zone;
            return activity;
        }

        await teams.PostAsync(From("Not/AZone"));
        Assert.Null(teams.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.TimeZone);
        await teams.PostAsync(From("America/Los_Angeles"));
        await teams.PostAsync(From("America/New_York")); // travelling: the first zone stays, as with Slack's

        Assert.Equal("America/Los_Angeles", teams.App.Get<DirectoryStore>().FindByEmail("maya@example.org")?.TimeZone);
    }

    [Fact]
    public async Task A_Teams_clients_time_zone_fills_only_a_zone_the_roster_left_empty()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        var (maya, ana) = await MayaAndAnaAsync(teams, "time zone", maya: "Central", ana: "");
        JsonObject FromLosAngeles(JsonObject activity)
        {
            activity["localTimezone"] = "America/Los_Angeles"; // both laptops on Pacific time
            return activity;
        }

        await teams.PostAsync(FromLosAngeles(maya.Text("help")));
        await teams.PostAsync(FromLosAngeles(ana.Text("help")));

        var directory = teams.App.Get<DirectoryStore>();
        Assert.Equal(("America/Chicago", "America/Los_Angeles"),
            (directory.FindByEmail("maya@example.org")?.TimeZone, directory.FindByEmail("ana@example.org")?.TimeZone));
    }

    [Fact]
    public async Task The_first_Slack_message_gives_the_sender_their_Slack_language_asked_for_with_include_locale()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var maya = slack.AddToRoster("Maya Lopez", "maya@example.org");
        // Maya joins the workspace only after the import's e-mail lookup missed her, so her first message links her.
        var linker = slack.App.Get<SlackRosterLinker>().Progress;
        await linker.WaitForAsync(() => linker.Passes >= 2, TimeSpan.FromSeconds(60), Ct);
        slack.Slack.AddUser("U1MAYA", "maya@example.org", "America/Denver", locale: "pt-BR");

        await slack.Client.SendAsync(SlackRequests.Event(SlackRequests.DirectMessage("Ev1", "U1MAYA", "help"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        Assert.Equal("pt-BR", slack.App.Get<DirectoryStore>().Find(maya.Id)?.Language);
        Assert.Equal("true", Assert.Single(slack.Slack.CallsTo("users.info")).Form["include_locale"]);
    }
}
