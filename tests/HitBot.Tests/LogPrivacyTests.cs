using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests;

/// <summary>
/// Logs go to a district's log store, which more people read than the dashboard and which is kept longer: they carry ids,
/// never a name, an e-mail or words someone typed (README, "Monitoring"). A term's work is played through both chats with
/// every log category captured at the levels appsettings.json lets through, failures included, and every line, its
/// values and its exception are searched for what the people in it wrote or are called, and for HitBot's secrets.
/// </summary>
public class LogPrivacyTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    readonly EveryLogLine log = new();
    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    FakeSlackApi slack => both.Slack;

    static readonly string[] Personal =
    [
        "Zephyrine", "Quillfeather", "zephyrine.quill@district.test",
        "Bartholomew", "Inkwright", "bart.inkwright@district.test",
        "Ottoline", "Brackenbury", "ottoline.b@district.test",
        "Wendeline", "wendeline.c@district.test",
        "marmalade", "periwinkle", "tangerine", "saffron", "cardamom",
        // Secrets: the Slack bot token and signing secret, the admin token every call here carries.
        "xoxb-test-token", SlackRequests.Secret, HitBotApp.AdminToken,
    ];

    /// <summary>Log levels set on top of appsettings.json; none: as it ships.</summary>
    protected virtual Dictionary<string, string?>? Levels => null;

    public async ValueTask InitializeAsync() =>
        both = await TwoChannelApp.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log), more: Levels);

    public async ValueTask DisposeAsync()
    {
        await both.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    HttpClient Admin => teams.App.CreateAdminClient();

    [Fact]
    public async Task A_term_through_both_chats_failures_included_logs_no_name_no_e_mail_and_nothing_anyone_typed()
    {
        slack.AddUser("U1BART", "bart.inkwright@district.test");
        await teams.ImportRosterAsync(
            "Zephyrine Quillfeather,zephyrine.quill@district.test,tutor,lincoln,citytutors\n" +
            "Bartholomew Inkwright,bart.inkwright@district.test,tutor,lincoln,citytutors\n" +
            "Ottoline Brackenbury,ottoline.b@district.test,tutor,lincoln,citytutors\n" +
            "Wendeline Crane,wendeline.c@district.test,central team,,");
        // A roster line with a broken e-mail is refused in the answer, not echoed into the log.
        using (var bad = new StringContent("name,email,role,site,partner\nOttoline Brackenbury,ottoline.b-at-district.test,tutor,lincoln,citytutors\n"))
            await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), bad, Ct);

        var zephyrine = teams.NewUser();
        teams.Connector.AddMember(zephyrine.UserId, "zephyrine.quill@district.test", "Zephyrine Quillfeather");
        await teams.PostAsync(zephyrine.Installed());
        await teams.PostAsync(zephyrine.Text("feedback The marmalade schedule clashes with lunch"));
        await teams.PostAsync(zephyrine.Text("feedback anonymously The periwinkle room is cold"));
        var stranger = teams.NewUser();
        teams.Connector.AddMember(stranger.UserId, "wendeline.c-home@elsewhere.test", "Wendeline Elsewhere");
        await teams.PostAsync(stranger.Text("hello, I am new here"));

        await teams.Client.SendAsync(SlackRequests.Event(
            SlackRequests.DirectMessage("Ev1", "U1BART", "feedback The tangerine worksheets ran out"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);

        var inbox = await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/feedback", UriKind.Relative), Ct) ?? [];
        foreach (var item in inbox)
            await Admin.PostAsJsonAsync($"/api/admin/feedback/{(string)item!["id"]!}/reply", new { text = "Thanks, saffron binders come Monday." }, Ct);
        await teams.DeliveredAsync();

        // An update to every tutor: Teams refuses one (blocked the bot), Slack fails one and rate-limits another call.
        teams.Connector.Block(zephyrine.UserId);
        slack.FailNext("chat.postMessage", "account_inactive");
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Cardamom week", ["body"] = "Bring the cardamom worksheets.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        (await Admin.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await teams.DeliveredAsync();
        teams.App.Time.Advance(TimeSpan.FromHours(1));
        await teams.DeliveredAsync();

        var ottoline = (await Admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/people?q=ottoline", UriKind.Relative), Ct))!;
        var ottolineId = (string)Assert.Single(ottoline)!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await Admin.DeleteAsync(new Uri($"/api/admin/people/{ottolineId}", UriKind.Relative), Ct)).StatusCode);

        Assert.NotEmpty(log.Entries);
        if (Levels is not null) Assert.Contains(log.Entries, e => e.StartsWith("Debug ", StringComparison.Ordinal));
        var leaks = log.Entries.SelectMany(entry => Personal.Where(word => entry.Contains(word, StringComparison.OrdinalIgnoreCase))
            .Select(word => $"{word}: {entry}")).ToList();
        Assert.Empty(leaks);
    }
}

/// <summary>
/// The same term with every category at Trace, as someone chasing a problem might set it: still no secret (README,
/// "Security"), and the names, e-mails and words people typed stay out too.
/// </summary>
public sealed class LogPrivacyAtTraceTests : LogPrivacyTests
{
    protected override Dictionary<string, string?>? Levels => new()
    {
        ["Logging:LogLevel:Default"] = "Trace",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
    };
}
