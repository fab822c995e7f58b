using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// One tutor's whole time with the program, in Teams and Slack, then their erasure: the district promises them that their
/// name, chats and answers are gone, so nothing in the database file may lead back to them afterwards.
/// </summary>
public sealed class PersonLifeErasureTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

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

    Task AdvanceHoursAsync(int hours) => teams.App.AdvanceRemindersAsync(hours, Guard, Ct);

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

    [Fact]
    public async Task A_tutor_who_sent_feedback_anonymously_and_then_removed_HitBot_in_Teams_leaves_no_trace_of_that_chat_once_erased()
    {
        await teams.PostAsync(maya.Text("feedback anonymously The Friday room is double-booked"));
        await teams.PostAsync(maya.Uninstalled());
        Assert.DoesNotContain(teams.App.Get<DirectoryStore>().Find(mayaPerson.Id)!.IdentityKeys, k => k.Contains(maya.UserId, StringComparison.Ordinal));

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(Holding(mayaPerson.Id, "Maya Lopez", "maya@example.org", maya.UserId, maya.ConversationId));
        Assert.NotEmpty(Holding("The Friday room is double-booked"));
    }

    /// <summary>
    /// The coordinator erasing a tutor sees on the Feedback page what the tutor sent with their name (one item here); the
    /// erasure's answer counted her anonymous item too, telling them she had written anonymously.
    /// </summary>
    [Fact]
    public async Task Erasing_a_tutor_does_not_count_the_feedback_she_sent_anonymously()
    {
        await teams.PostAsync(maya.Text("feedback Can we get more workbooks?"));
        await teams.PostAsync(maya.Text("feedback anonymously The Friday room is double-booked"));
        await teams.DeliveredAsync();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Equal(1, (int)(await erased.Content.ReadFromJsonAsync<JsonObject>(Ct))!["feedbackMadeAnonymous"]!);
        // Her anonymous item still lost its way back to her chat all the same.
        Assert.Empty(Holding(maya.UserId, maya.ConversationId));
        Assert.NotEmpty(Holding("The Friday room is double-booked"));
    }

    /// <summary>Three of her items due the same day: their reminders come on one card, under a campaign named after her.</summary>
    async Task OwnThreeItemsAndGetTheirRemindersAsync()
    {
        foreach (var item in new[] { "data-plan", "walkthroughs", "sessions-data" })
            (await Admin.PatchAsJsonAsync($"/api/admin/action-items/{item}", new JsonObject { ["ownerEmail"] = "maya@example.org", ["dueDate"] = "2026-03-12" }, Ct))
                .EnsureSuccessStatusCode();
        await AdvanceHoursAsync(4 * 24);
        Assert.NotEmpty(teams.App.Get<OutboxStore>().ForCampaign(ActionReminders.RemindersCampaign(mayaPerson.Id)));
        await teams.DeliveredAsync();
    }

    [Fact]
    public async Task Erasing_an_owner_whose_reminders_came_on_one_card_leaves_their_id_in_no_delivery_count()
    {
        await OwnThreeItemsAndGetTheirRemindersAsync();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(Holding(mayaPerson.Id, Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(mayaPerson.Id))));
        var board = await Admin.GetFromJsonAsync<JsonArray>("/api/admin/action-items", Ct);
        Assert.All(board!.Where(i => (string?)i!["id"] is "data-plan" or "walkthroughs" or "sessions-data"), i => Assert.Null(i!["owner"]));
    }

    [Fact]
    public async Task A_tutor_erased_after_a_term_in_both_chats_leaves_nothing_in_the_file_that_leads_to_them()
    {
        // Feedback, answered by the central team.
        await teams.PostAsync(maya.Text("feedback The Friday room is double-booked"));
        var feedbackId = (string)(await Admin.GetFromJsonAsync<JsonArray>("/api/admin/feedback", Ct))![0]!["id"]!;
        (await Admin.PostAsJsonAsync($"/api/admin/feedback/{feedbackId}/reply", new { text = "Moved to room 12." }, Ct)).EnsureSuccessStatusCode();
        // An update, found helpful.
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 1", ["body"] = "Hello", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var updateId = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        (await Admin.PostAsync(new Uri($"/api/admin/updates/{updateId}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
        await teams.PostAsync(maya.Execute(UpdateCards.ReactVerb, new JsonObject { ["update"] = updateId, ["reaction"] = UpdateCards.Helpful }, "card-1"));
        // A named survey, answered.
        var runId = await teams.LaunchRetentionPulseToTutorsAsync(anonymous: false);
        await teams.PostAsync(maya.Execute(SurveyCards.AnswerVerb, new JsonObject { ["run"] = runId }, "card-2",
            new JsonObject { ["intent"] = "unsure", ["satisfaction"] = "3", ["support"] = "2" }));
        // A thank-you to her by name.
        (await Admin.PostAsJsonAsync("/api/admin/appreciation", new JsonObject
        {
            ["id"] = "maya-thanks", ["message"] = "Thank you for covering Friday!", ["audience"] = new JsonObject { ["people"] = new JsonArray(mayaPerson.Id) },
        }, Ct)).EnsureSuccessStatusCode();
        await OwnThreeItemsAndGetTheirRemindersAsync();
        // Stop, and back.
        await teams.PostAsync(maya.Text("stop"));
        await teams.PostAsync(maya.Text("start"));
        await teams.DeliveredAsync();

        var erased = await Admin.DeleteAsync(new Uri($"/api/admin/people/{mayaPerson.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        Assert.Empty(Holding(mayaPerson.Id, "Maya Lopez", "maya@example.org", maya.UserId, "U1MAYA", maya.ConversationId));
        Assert.NotEmpty(Holding("The Friday room is double-booked"));
    }
}
