using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests;

/// <summary>
/// A person given an action item hears of it once, at the start of their next working day: until now they heard nothing
/// until its first reminder (a week before its due date, or never while it was blocked), and a blocked item handed on was
/// escalated a week later naming someone who had never been told they had it. The program is in America/Chicago; the
/// clock starts on Monday 2 March 2026, 08:00 there. Ben is in Teams (Chicago), Ana in Slack (Los Angeles).
/// </summary>
public sealed class NewOwnerNoticeTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
    const string Roster =
        "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
        "Ana Ruiz,ana@example.org,research and data,,\n" +
        "Lena Park,lena@example.org,central team,,\n" +
        "Erin Cole,erin@example.org,executive champion,,";

    TwoChannelApp both = null!;
    FakeSlackApi slack => both.Slack;
    TeamsTestApp teams => both.Teams;
    TeamsActivities ben = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(Roster);
        ben = teams.NewUser();
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(both.TeamsAddress(ben.UserId), "ben@example.org");
        directory.Link(both.TeamsAddress(teams.NewUser().UserId), "lena@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1ANA"), "ana@example.org");
        directory.Link(TwoChannelApp.SlackAddress("U1ERIN"), "erin@example.org");
        var store = teams.App.Get<DirectoryStore>();
        store.Change(store.FindByEmail("ana@example.org")!.Id, p => p with { TimeZone = "America/Los_Angeles" });
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task GiveAsync(string item, JsonObject change)
    {
        var response = await Admin.PatchAsJsonAsync($"/api/admin/action-items/{item}", change, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reminders = teams.App.Get<ActionRemindersProgress>();
        var now = teams.App.Time.GetUtcNow();
        await reminders.WaitForAsync(() => reminders.SettledAt >= now, Guard, Ct);
    }

    Task AdvanceHoursAsync(int hours) => teams.App.AdvanceRemindersAsync(hours, Guard, Ct);

    string IdOf(string email) => teams.App.Get<DirectoryStore>().FindByEmail(email)!.Id;

    /// <summary>Everything queued for the person about action items (new for them, reminders, cards of several), oldest first.</summary>
    List<Delivery> ToPerson(string email)
    {
        var (outbox, person) = (teams.App.Get<OutboxStore>(), IdOf(email));
        return [.. Items.SelectMany(i => new[] { "new-owner:" + i, "reminder:" + i }).Append(ActionReminders.RemindersCampaign(person))
            .SelectMany(outbox.ForCampaign).Where(d => d.PersonId == person).OrderBy(d => d.CreatedAt)];
    }

    static readonly string[] Items = ["data-plan", "walkthroughs", "sessions-data"];

    static string Local(Delivery d, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAt, zone).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    static string Texts(Delivery d)
    {
        var message = MessageJson.Deserialize(d.MessageJson);
        return message.Summary + "\n" + string.Join("\n", message.Card.Body.SelectMany(e => e switch
        {
            TextBlock t => [t.Markdown],
            FactList f => f.Facts.Select(x => x.Title + ": " + x.Value),
            _ => Array.Empty<string>(),
        }));
    }

    List<JsonNode> SlackPostsTo(string channel) =>
        [.. slack.CallsTo("chat.postMessage").Where(c => (string?)c.Json["channel"] == channel).Select(c => (JsonNode)c.Json)];

    [Fact]
    public async Task An_item_given_at_ten_is_told_to_its_new_owner_once_at_nine_the_next_morning_in_their_own_time_zone()
    {
        await AdvanceHoursAsync(4); // Monday 10:00 in Los Angeles (12:00 in Chicago)
        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "ana@example.org", ["dueDate"] = "2026-03-20" });

        await AdvanceHoursAsync(3 * 24); // to Thursday: no reminder yet (the first is Friday 13 March)
        await teams.DeliveredAsync();

        var told = Assert.Single(ToPerson("ana@example.org"));
        Assert.Equal("Tue 3 Mar 09:00", Local(told, LosAngeles));
        Assert.Equal(DeliveryState.Sent, told.State);
        var texts = Texts(told);
        Assert.StartsWith("New for you: Develop Data Collection and Reflection Plan", texts, StringComparison.Ordinal);
        Assert.Contains("The central team gave you this action item on Mon 2 Mar.", texts, StringComparison.Ordinal);
        Assert.Contains("Due: ", texts, StringComparison.Ordinal);
        Assert.Contains("Status: Not started", texts, StringComparison.Ordinal);
        Assert.Equal(["In progress", "Done", "Blocked…", "Snooze 3 days", "Add a note"],
            MessageJson.Deserialize(told.MessageJson).Card.Actions.Select(a => a.Title));
        var post = Assert.Single(SlackPostsTo("DU1ANA"));
        Assert.Contains("New for you", post.ToJsonString(), StringComparison.Ordinal);
        // The item's page lists it with what HitBot sent about the item.
        var page = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        Assert.Equal(["new-owner"], page!["messages"]!.AsArray().Select(m => (string?)m!["kind"]));
    }

    [Fact]
    public async Task An_owner_not_in_a_chat_yet_is_told_once_HitBot_reaches_them_not_never()
    {
        teams.App.Get<RosterImport>().Import(new StringReader("name,email,role,site\nDan Ito,dan@example.org,site champion,Lincoln\n"), skipInvalid: false);
        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "dan@example.org", ["dueDate"] = "2026-03-20" });
        await AdvanceHoursAsync(26); // Tuesday 10:00 in Chicago: the morning went by with nobody to tell
        Assert.Empty(ToPerson("dan@example.org"));

        var dan = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(dan.UserId), "dan@example.org");
        await AdvanceHoursAsync(1);
        await teams.DeliveredAsync();

        var told = Assert.Single(ToPerson("dan@example.org"));
        Assert.Equal("Tue 3 Mar 11:00", Local(told, Chicago));
        Assert.StartsWith("New for you: Develop Data Collection and Reflection Plan", Texts(told), StringComparison.Ordinal);
        await AdvanceHoursAsync(24);
        Assert.Single(ToPerson("dan@example.org"));
    }

    [Fact]
    public async Task A_blocked_item_handed_on_tells_its_new_owner_the_next_morning_with_the_reason_it_is_blocked()
    {
        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-20" });
        await GiveAsync("data-plan", new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No data-sharing agreement" });
        await AdvanceHoursAsync(4); // Monday 12:00 in Chicago: escalated, naming Ben; 10:00 in Los Angeles

        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "ana@example.org" });
        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        var told = Assert.Single(ToPerson("ana@example.org"));
        Assert.Equal("Tue 3 Mar 09:00", Local(told, LosAngeles));
        var texts = Texts(told);
        Assert.StartsWith("New for you: Develop Data Collection and Reflection Plan", texts, StringComparison.Ordinal);
        Assert.Contains("It is **blocked**: No data-sharing agreement.", texts, StringComparison.Ordinal);
        Assert.Single(SlackPostsTo("DU1ANA"));
    }

    [Fact]
    public async Task Handed_on_again_before_the_morning_only_the_newest_owner_is_told_and_a_card_waiting_for_a_retry_is_withdrawn()
    {
        await AdvanceHoursAsync(2); // Monday 10:00
        await GiveAsync("walkthroughs", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-27" });
        await AdvanceHoursAsync(3);
        await GiveAsync("walkthroughs", new JsonObject { ["ownerEmail"] = "ana@example.org" }); // before Ben's morning
        slack.ServerErrorNext("chat.postMessage");
        await AdvanceHoursAsync(22); // Tuesday 09:00 in Los Angeles: Ana's card meets a Slack outage and waits to be tried again
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await teams.DeliveredAsync();
        Assert.Equal(DeliveryState.Failed, Assert.Single(ToPerson("ana@example.org")).State);

        await GiveAsync("walkthroughs", new JsonObject { ["ownerEmail"] = "ben@example.org" });
        await AdvanceHoursAsync(24); // Wednesday
        await teams.DeliveredAsync();

        var anas = Assert.Single(ToPerson("ana@example.org"));
        Assert.Equal((DeliveryState.Cancelled, ActionItemChanges.ReminderWithdrawnReason), (anas.State, anas.LastError));
        Assert.Single(SlackPostsTo("DU1ANA")); // the refused try only
        // Ben's only card is of the last time he got it, on Wednesday morning, none of the first (Monday 10:00).
        var bens = Assert.Single(ToPerson("ben@example.org"));
        Assert.Equal((DeliveryState.Sent, "Wed 4 Mar 09:00"), (bens.State, Local(bens, Chicago)));
        Assert.Contains("New for you: Conduct Walkthroughs", Texts(bens), StringComparison.Ordinal);
        Assert.Single(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("New for you", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reminder_on_the_same_morning_comes_on_the_same_card_not_a_second_one()
    {
        await AdvanceHoursAsync(2); // Monday 10:00; due next Tuesday, so its "7 days before" is tomorrow morning
        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-10" });

        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        var card = Assert.Single(ToPerson("ben@example.org"));
        Assert.Equal("Tue 3 Mar 09:00", Local(card, Chicago));
        Assert.Contains("New for you", Texts(card), StringComparison.Ordinal);
        Assert.Single(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("Develop Data Collection", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Several_items_given_to_one_person_at_once_come_on_one_card()
    {
        await AdvanceHoursAsync(2);
        var csv = "item,owner_email,due_date\ndata-plan,ben@example.org,2026-03-20\nwalkthroughs,ben@example.org,2026-03-27\nsessions-data,ben@example.org,2026-04-03\n";
        var imported = await Admin.PostAsync("/api/admin/action-items/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct);
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);

        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        var card = Assert.Single(ToPerson("ben@example.org"));
        Assert.Equal("Tue 3 Mar 09:00", Local(card, Chicago));
        Assert.StartsWith("New for you: 3 action items", Texts(card), StringComparison.Ordinal);
        Assert.Contains("the central team gave them to you.", Texts(card), StringComparison.Ordinal); // the admin API: nobody to name
        Assert.Equal(3, MessageJson.Deserialize(card.MessageJson).Card.Actions.Count(a => a.Title.StartsWith("Update: ", StringComparison.Ordinal)));
        Assert.Single(await teams.PostedActivitiesAsync(), a => a.ToJsonString().Contains("New for you", StringComparison.Ordinal));
    }

    /// <summary>
    /// Ben was told of one item the week it became his; a week later its reminder comes on the morning he is told of two new
    /// ones, all on one card. Each new item's page listed that card as a reminder, so a coordinator checking whether Ben had
    /// been told the item was his read that he had only been reminded of it.
    /// </summary>
    [Fact]
    public async Task The_card_of_several_lists_on_each_new_items_page_as_new_owner_and_on_a_reminded_items_page_as_reminder()
    {
        await AdvanceHoursAsync(2); // Monday 2 March 10:00; due Tuesday 17 March, so its "7 days before" is Tuesday 10 March
        await GiveAsync("data-plan", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-17" });
        await AdvanceHoursAsync(7 * 24); // Monday 9 March 10:00
        await GiveAsync("walkthroughs", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-27" });
        await GiveAsync("sessions-data", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-04-03" });

        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        var card = Assert.Single(ToPerson("ben@example.org"), d => d.Campaign == ActionReminders.RemindersCampaign(IdOf("ben@example.org")));
        Assert.Equal("Tue 10 Mar 09:00", Local(card, Chicago));
        Assert.Equal(["new-owner"], await KindsAsync("walkthroughs"));
        Assert.Equal(["new-owner"], await KindsAsync("sessions-data"));
        Assert.Equal(["new-owner", "reminder"], await KindsAsync("data-plan"));
    }

    /// <summary>
    /// Ana's card of three new items waits for Slack's pace, and meanwhile one of them is handed to Ben. Her card
    /// was rewritten as an ordinary reminder of the other two, which were written down as told: she never heard they were
    /// new for her, and their pages listed the card as a reminder.
    /// </summary>
    [Theory]
    [InlineData(1, "New for you: 2 action items")]
    [InlineData(2, "New for you: Develop Data Collection and Reflection Plan")]
    public async Task A_waiting_card_of_new_items_rewritten_after_one_is_handed_on_still_says_the_rest_are_new(int handedOn, string told)
    {
        await AdvanceHoursAsync(2); // Monday 2 March 10:00 in Chicago, 08:00 in Los Angeles: Ana's day has not begun
        var csv = "item,owner_email,due_date\ndata-plan,ana@example.org,2026-03-20\nwalkthroughs,ana@example.org,2026-03-27\nsessions-data,ana@example.org,2026-04-03\n";
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsync("/api/admin/action-items/import", new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), Ct)).StatusCode);
        slack.RateLimitNext("chat.postMessage", 1800);
        await AdvanceHoursAsync(1); // 09:00 in Los Angeles: Slack asks HitBot to wait half an hour with the card
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        await teams.DeliveredAsync();
        Assert.NotEqual(DeliveryState.Sent, Assert.Single(ToPerson("ana@example.org")).State);

        await GiveAsync("walkthroughs", new JsonObject { ["ownerEmail"] = "ben@example.org" });
        if (handedOn == 2) await GiveAsync("sessions-data", new JsonObject { ["ownerEmail"] = "ben@example.org" });
        await AdvanceHoursAsync(1);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await teams.DeliveredAsync();

        var card = Assert.Single(ToPerson("ana@example.org"));
        Assert.Equal(DeliveryState.Sent, card.State);
        Assert.StartsWith(told, Texts(card), StringComparison.Ordinal);
        Assert.DoesNotContain("Conduct Walkthroughs", Texts(card), StringComparison.Ordinal);
        Assert.Equal(["new-owner"], await KindsAsync("data-plan"));
        if (handedOn == 1) Assert.Equal(["new-owner"], await KindsAsync("sessions-data"));
    }

    async Task<List<string?>> KindsAsync(string item) =>
        [.. (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/action-items/{item}", UriKind.Relative), Ct))!["messages"]!.AsArray().Select(m => (string?)m!["kind"])];

    /// <summary>
    /// The reflection meetings repeat every two weeks; Ben holds them, then the central team hands them to Ana. She is told
    /// once, of the series; its coming meeting, handed to her as the series' owner, brings no card of its own.
    /// </summary>
    [Fact]
    public async Task A_repeating_item_handed_on_tells_its_new_owner_of_the_series_not_of_each_meeting()
    {
        await GiveAsync("reflection-meetings", new JsonObject
        {
            ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-12", ["repeatEveryWeeks"] = 2, ["repeatOn"] = "Thursday",
        });
        await AdvanceHoursAsync(4); // Monday 10:00 in Los Angeles
        await GiveAsync("reflection-meetings", new JsonObject { ["ownerEmail"] = "ana@example.org" });

        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        var outbox = teams.App.Get<OutboxStore>();
        // Ben was told at 09:00 on Monday, an hour after he got it; Ana on Tuesday morning.
        var told = Assert.Single(outbox.ForCampaign("new-owner:reflection-meetings"), d => d.PersonId == IdOf("ana@example.org"));
        Assert.Equal("Tue 3 Mar 09:00", Local(told, LosAngeles));
        Assert.StartsWith("New for you: Conduct Regular Data Reflection Meetings", Texts(told), StringComparison.Ordinal);
        Assert.Equal(IdOf("ana@example.org"), teams.App.Get<ActionPlanStore>().Find("reflection-meetings-20260312")?.OwnerId);
        Assert.Empty(outbox.ForCampaign("new-owner:reflection-meetings-20260312"));
        Assert.Single(SlackPostsTo("DU1ANA"));
    }

    /// <summary>
    /// Lena, on the central team, signed in with her own token, takes an item for herself and gives another to Ben: she
    /// knows she took hers, so only Ben is told.
    /// </summary>
    [Fact]
    public async Task Someone_who_gives_an_item_to_themselves_is_not_told_it_is_new_for_them()
    {
        var issued = await Admin.PostAsync(new Uri($"/api/admin/people/{IdOf("lena@example.org")}/api-token", UriKind.Relative), null, Ct);
        using var asLena = teams.App.CreateClient();
        asLena.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        await AdvanceHoursAsync(2);
        (await asLena.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "lena@example.org", ["dueDate"] = "2026-03-20" }, Ct)).EnsureSuccessStatusCode();
        (await asLena.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-20" }, Ct)).EnsureSuccessStatusCode();

        await AdvanceHoursAsync(24);
        await teams.DeliveredAsync();

        Assert.Empty(ToPerson("lena@example.org"));
        var bensCard = Assert.Single(ToPerson("ben@example.org"));
        var bens = Texts(bensCard);
        // It declares whom it names: erased before it went, the card would be refused rather than sent with her name.
        Assert.Equal([IdOf("lena@example.org")], bensCard.Names);
        Assert.Contains("New for you: Conduct Walkthroughs", bens, StringComparison.Ordinal);
        // Signed in as herself, she is named as the giver, as the item's history names her; the shared token is the central team.
        Assert.Contains("Lena Park gave you this action item on Mon 2 Mar.", bens, StringComparison.Ordinal);
        var history = (await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/walkthroughs", UriKind.Relative), Ct))!["history"]!.AsArray();
        Assert.Contains(history, n => ((string?)n!["text"])!.StartsWith("Owner: ", StringComparison.Ordinal) && (string?)n["by"] == "Lena Park");
    }

    /// <summary>
    /// Ben is given the item on Monday at 10:00; HitBot is stopped that evening and started again on Tuesday at noon, after
    /// his morning: the card goes once, late, as a reminder missed while HitBot was down does. Stopped again and started
    /// once more, it is not sent a second time.
    /// </summary>
    [Fact]
    public async Task A_restart_before_or_after_the_morning_neither_loses_nor_repeats_the_card()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture)); // Monday 10:00
        var settings = new Dictionary<string, string?> { ["HitBot:Dispatcher:ShutdownGrace"] = "00:00:00" };
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:ben", ConversationId = "a:29:ben", ServiceUrl = connector.ServiceUrl, TenantId = "tenant-1",
        };
        try
        {
            using (var first = new HitBotApp(settings, folder, time))
            {
                first.CreateClient();
                (await first.CreateAdminClient().PostAsync("/api/admin/people/import", new StringContent("name,email,role,site,partner\n" + Roster, System.Text.Encoding.UTF8, "text/csv"), Ct)).EnsureSuccessStatusCode();
                first.Get<PeopleDirectory>().Link(address, "ben@example.org");
                (await first.CreateAdminClient().PatchAsJsonAsync("/api/admin/action-items/data-plan",
                    new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-20" }, Ct)).EnsureSuccessStatusCode();
                await AdvanceAsync(first, time, hours: 6); // Monday 16:00
            }
            time.Advance(TimeSpan.FromHours(20)); // down until Tuesday 12:00

            using (var second = new HitBotApp(settings, folder, time))
            {
                second.CreateClient();
                await AdvanceAsync(second, time, hours: 1);
                await OutboxSettled.WaitAsync(second, Guard, Ct);
            }

            using var third = new HitBotApp(settings, folder, time);
            third.CreateClient();
            await AdvanceAsync(third, time, hours: 48);
            await OutboxSettled.WaitAsync(third, Guard, Ct);

            var told = Assert.Single(third.Get<OutboxStore>().ForCampaign("new-owner:data-plan"));
            Assert.Equal((DeliveryState.Sent, "Tue 3 Mar 12:00"), (told.State, Local(told, Chicago)));
            Assert.Single(connector.ConnectorCalls, c => c.Method == "POST" && c.Body?.ToJsonString().Contains("New for you", StringComparison.Ordinal) == true);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static async Task AdvanceAsync(HitBotApp app, FakeTimeProvider time, int hours)
    {
        var progress = app.Get<ActionRemindersProgress>();
        await progress.WaitForAsync(() => progress.SettledAt >= time.GetUtcNow(), Guard, Ct);
        for (var i = 0; i < hours; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            var now = time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }
}
