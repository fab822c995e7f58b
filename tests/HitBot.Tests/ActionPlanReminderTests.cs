using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Action-plan reminders with the fake clock moved hour by hour: the program is in America/Chicago, where daylight saving
/// starts on Sunday 8 March 2026; the clock starts on Monday 2 March, 08:00 local.
/// </summary>
public sealed class ActionPlanReminderTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    TwoChannelApp both = null!;
    FakeSlackApi slack => both.Slack;
    TeamsTestApp teams => both.Teams;
    TeamsActivities ben = null!;
    TeamsActivities maya = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Ben Okafor,ben@example.org,site champion,Lincoln,\n" +
            "Ana Ruiz,ana@example.org,research and data,,\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,\n" +
            "Lena Park,lena@example.org,central team,,\n" +
            "Erin Cole,erin@example.org,executive champion,,");
        (ben, maya) = (teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(TeamsAddress(ben.UserId), "ben@example.org");
        directory.Link(TeamsAddress(maya.UserId), "maya@example.org");
        directory.Link(TeamsAddress(teams.NewUser().UserId), "lena@example.org");
        directory.Link(SlackAddress("U1ANA"), "ana@example.org");
        directory.Link(SlackAddress("U1ERIN"), "erin@example.org");
        var store = teams.App.Get<DirectoryStore>();
        store.Change(store.FindByEmail("ana@example.org")!.Id, p => p with { TimeZone = "America/Los_Angeles" });
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    ChannelAddress TeamsAddress(string userId) => both.TeamsAddress(userId);

    static ChannelAddress SlackAddress(string userId) => TwoChannelApp.SlackAddress(userId);

    HttpClient Admin => teams.App.CreateAdminClient();

    async Task<JsonObject> AssignAsync(string item, string ownerEmail, string due)
    {
        var reminders = teams.App.Get<ActionRemindersProgress>();
        var response = await Admin.PatchAsJsonAsync($"/api/admin/action-items/{item}", new JsonObject { ["ownerEmail"] = ownerEmail, ["dueDate"] = due }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var now = teams.App.Time.GetUtcNow();
        await reminders.WaitForAsync(() => reminders.SettledAt >= now, Guard, Ct);
        return (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
    }

    /// <summary>Moves the fake clock an hour at a time, each time waiting until the reminder loop has looked at the new time.</summary>
    Task AdvanceHoursAsync(int hours) => teams.App.AdvanceRemindersAsync(hours, Guard, Ct);

    List<Delivery> Reminders(string item) =>
        [.. teams.App.Get<OutboxStore>().ForCampaign("reminder:" + item).OrderBy(d => d.CreatedAt)];

    static string Local(Delivery d, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAt, zone).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Each_reminder_slot_fires_once_at_the_start_of_the_owners_working_day_across_the_daylight_saving_change()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-12");
        await AssignAsync("walkthroughs", "ana@example.org", "2026-03-12");

        await AdvanceHoursAsync(20 * 24);

        // 7 days before, 1 day before, the due date, then every 3 working days while overdue; all at 09:00 local.
        Assert.Equal(["Thu 5 Mar 09:00", "Wed 11 Mar 09:00", "Thu 12 Mar 09:00", "Tue 17 Mar 09:00", "Fri 20 Mar 09:00"],
            Reminders("data-plan").Select(d => Local(d, Chicago)));
        Assert.Equal(["Thu 5 Mar 09:00", "Wed 11 Mar 09:00", "Thu 12 Mar 09:00", "Tue 17 Mar 09:00", "Fri 20 Mar 09:00"],
            Reminders("walkthroughs").Select(d => Local(d, LosAngeles)));
        Assert.All(Reminders("data-plan"), d => Assert.Equal(ben.UserId, d.Address.UserId));
        Assert.Contains("overdue", MessageJson.Deserialize(Reminders("data-plan")[3].MessageJson).Card.Body.OfType<TextBlock>().First().Markdown,
            StringComparison.Ordinal);
    }

    /// <summary>
    /// Ana's first reminder meets a Slack outage and waits to be tried again; meanwhile the central team hands the item to
    /// Ben. It went to Ana anyway once Slack was back: she was reminded of an item she no longer held, with buttons that
    /// answered "Only the item's owner". Ben gets the reminders from the next slot on.
    /// </summary>
    [Fact]
    public async Task A_reminder_waiting_to_be_retried_does_not_reach_the_owner_the_item_was_taken_from()
    {
        await AssignAsync("walkthroughs", "ana@example.org", "2026-03-12");
        await AdvanceHoursAsync(24); // Monday 09:00 in Los Angeles: she is told the item is new for her
        await teams.DeliveredAsync();
        slack.ServerErrorNext("chat.postMessage");
        await AdvanceHoursAsync(2 * 24 + 3); // Thursday 5 March, 09:00 in Los Angeles: 7 days before
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "chat.postMessage") == 2, Ct);
        await teams.DeliveredAsync();
        var anas = Assert.Single(Reminders("walkthroughs"));
        Assert.Equal(DeliveryState.Failed, anas.State);

        await AssignAsync("walkthroughs", "ben@example.org", "2026-03-12");
        await AdvanceHoursAsync(7 * 24);
        await teams.DeliveredAsync();

        var ana = teams.App.Get<DirectoryStore>().FindByEmail("ana@example.org")!;
        var withdrawn = Assert.Single(Reminders("walkthroughs"), d => d.PersonId == ana.Id);
        Assert.Equal((DeliveryState.Cancelled, ActionItemChanges.ReminderWithdrawnReason), (withdrawn.State, withdrawn.LastError));
        Assert.Equal(2, slack.CallsTo("chat.postMessage").Count(c => (string?)c.Json["channel"] == "DU1ANA")); // "new for you", and the refused reminder
        // Ben's: the day before and the due date, in his chat.
        Assert.Equal(["Wed 11 Mar 09:00", "Thu 12 Mar 09:00"], Reminders("walkthroughs").Where(d => d.PersonId != ana.Id).Select(d => Local(d, Chicago)));
        Assert.All(Reminders("walkthroughs").Where(d => d.PersonId != ana.Id), d => Assert.Equal(ben.UserId, d.Address.UserId));
    }

    /// <summary>
    /// Ben left the program with his step a week overdue, and on Friday 20 March, 09:00 in Chicago, it is escalated: Lena's card
    /// goes, Erin's waits for 09:00 in Los Angeles. Lena gives the item to Ana on its page at once. Erin's card was withdrawn and
    /// the next look sent her a new one, "overdue; its owner is Ana Ruiz", minutes after Ana got it and before a single
    /// reminder. Ana now gets her reminders first (that very morning in Los Angeles), and both hear of her only once she has had it more than seven days.
    /// </summary>
    [Fact]
    public async Task An_overdue_item_given_to_a_new_owner_on_its_page_is_escalated_naming_them_only_a_week_after_they_got_it()
    {
        var people = teams.App.Get<DirectoryStore>();
        people.Change(people.FindByEmail("erin@example.org")!.Id, p => p with { TimeZone = "America/Los_Angeles" });
        await AssignAsync("data-plan", "ben@example.org", "2026-03-12");
        (await Admin.PatchAsJsonAsync($"/api/admin/people/{people.FindByEmail("ben@example.org")!.Id}", new JsonObject { ["active"] = false }, Ct)).EnsureSuccessStatusCode();
        await AdvanceHoursAsync(18 * 24 + 1); // Friday 20 March, 09:00 in Chicago: eight days overdue
        Assert.Contains(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"), e => e.State == DeliveryState.Queued);
        var page = await Admin.GetAsync("/api/admin/action-items/data-plan", Ct);
        var handOver = new HttpRequestMessage(HttpMethod.Patch, "/api/admin/action-items/data-plan")
        {
            Content = JsonContent.Create(new JsonObject { ["ownerEmail"] = "ana@example.org" }),
        };
        handOver.Headers.IfMatch.Add(page.Headers.ETag!);
        var handedAt = teams.App.Time.GetUtcNow().UtcDateTime;

        Assert.Equal(HttpStatusCode.OK, (await Admin.SendAsync(handOver, Ct)).StatusCode);
        await AdvanceHoursAsync(7 * 24); // Friday 27 March: she has had it seven days
        var tooSoon = EscalationsSince(handedAt);
        await AdvanceHoursAsync(4 * 24); // Tuesday 31 March

        Assert.Empty(tooSoon);
        var ana = people.FindByEmail("ana@example.org")!;
        Assert.Equal(["Fri 20 Mar 09:00", "Wed 25 Mar 09:00", "Mon 30 Mar 09:00"], Reminders("data-plan").Where(d => d.PersonId == ana.Id).Select(d => Local(d, LosAngeles)));
        var escalated = EscalationsSince(handedAt);
        Assert.Equal(2, escalated.Count); // Lena and Erin
        Assert.All(escalated, e => Assert.Contains("its owner is **Ana Ruiz**",
            string.Join("\n", MessageJson.Deserialize(e.MessageJson).Card.Body.OfType<TextBlock>().Select(t => t.Markdown)), StringComparison.Ordinal));
        Assert.All(escalated, e => Assert.Equal("Mon 30 Mar 09:00", Local(e, Chicago)));
    }

    /// <summary>
    /// Ben's step is blocked on Monday 2 March and escalated at 09:00 in Chicago: Lena's card goes, Erin's waits for 09:00 in
    /// Los Angeles. Lena gives the item to Ana at once. Erin's card was withdrawn and the next look sent her a new one,
    /// "blocked; its owner is Ana Ruiz", minutes after Ana got it and before she could do anything about it. Ana now has the
    /// program's seven days first, and both hear of her only once she has had it longer and it is still blocked.
    /// </summary>
    [Fact]
    public async Task A_blocked_item_given_to_a_new_owner_is_escalated_naming_them_only_a_week_after_they_got_it()
    {
        var people = teams.App.Get<DirectoryStore>();
        people.Change(people.FindByEmail("erin@example.org")!.Id, p => p with { TimeZone = "America/Los_Angeles" });
        await AssignAsync("data-plan", "ben@example.org", "2026-03-20");
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No data-sharing agreement" }, Ct)).EnsureSuccessStatusCode();
        await AdvanceHoursAsync(1); // 09:00 in Chicago: escalated, Erin's card waits for her morning
        Assert.Contains(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"), e => e.State == DeliveryState.Queued);
        var handedAt = teams.App.Time.GetUtcNow().UtcDateTime;

        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "ana@example.org" }, Ct)).EnsureSuccessStatusCode();
        await AdvanceHoursAsync(7 * 24); // Monday 9 March: she has had it seven days
        var tooSoon = EscalationsSince(handedAt);
        await AdvanceHoursAsync(24); // Tuesday 10 March, still blocked

        Assert.Empty(tooSoon);
        var escalated = EscalationsSince(handedAt);
        Assert.Equal(2, escalated.Count); // Lena and Erin
        Assert.All(escalated, e => Assert.Contains("This item is **blocked**; its owner is **Ana Ruiz**",
            string.Join("\n", MessageJson.Deserialize(e.MessageJson).Card.Body.OfType<TextBlock>().Select(t => t.Markdown)), StringComparison.Ordinal));
        Assert.All(escalated, e => Assert.Equal("Tue 10 Mar 09:00", Local(e, Chicago)));
    }

    List<Delivery> EscalationsSince(DateTime at) =>
        [.. teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan").Where(d => d.CreatedAt > at)];

    [Fact]
    public async Task An_item_can_have_its_own_reminder_days()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-20");
        var own = await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["remindDaysBefore"] = new JsonArray(14, 3) }, Ct);
        var bad = await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["remindDaysBefore"] = new JsonArray(400) }, Ct);

        await AdvanceHoursAsync(18 * 24 + 4);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (own.StatusCode, bad.StatusCode));
        // 14 days before (6 March) and 3 days before (17 March); no reminder on the due date itself; overdue from then on.
        Assert.Equal(["Fri 6 Mar 09:00", "Tue 17 Mar 09:00"], Reminders("data-plan").Select(d => Local(d, Chicago)));
    }

    /// <summary>
    /// A due date set by mistake could not be taken off (the dashboard ignored an emptied date field and said "Saved."):
    /// the owner got reminders and, a week late, the executive champion an escalation, for a step with no real deadline.
    /// </summary>
    [Fact]
    public async Task A_due_date_taken_off_stops_the_reminders_and_a_repeating_item_keeps_its_first_meeting()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-04");
        var cleared = await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["clearDueDate"] = true }, Ct);
        var both = await Admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs",
            new JsonObject { ["dueDate"] = "2026-03-20", ["clearDueDate"] = true }, Ct);
        var series = await Admin.PatchAsJsonAsync("/api/admin/action-items/reflection-meetings", new JsonObject { ["clearDueDate"] = true }, Ct);

        await AdvanceHoursAsync(20 * 24);

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        var item = (await cleared.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Null(item["dueDate"]);
        Assert.Equal("Due date: 2026-03-04 → none", (string?)item["history"]!.AsArray()[^1]!["text"]);
        Assert.Empty(Reminders("data-plan"));
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"));
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (both.StatusCode, series.StatusCode));
        Assert.Contains("not both", await both.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("first meeting", await series.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>
    /// Ben's "data-plan" item, due Thursday 12 March, and its first reminder (Thursday 5 March, 10:00): a button of it by
    /// title, and the data a click on it carries.
    /// </summary>
    async Task<(Func<string, JsonObject> Button, Func<JsonObject, JsonObject> Data)> BensFirstReminderAsync()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-12");
        await AdvanceHoursAsync(3 * 24 + 2);
        var reminder = (await teams.PostedActivitiesAsync()).Single(a => a.ToJsonString().Contains("A reminder about an action item", StringComparison.Ordinal));
        return (title => ButtonsOf(reminder).Single(b => (string?)b["title"] == title), button => button["data"]!["d"]!.DeepClone().AsObject());
    }

    [Fact]
    public async Task Snooze_moves_the_next_reminder_and_Done_stops_them_and_nobody_else_can_change_the_item()
    {
        var (Button, Data) = await BensFirstReminderAsync();

        // Maya is not the owner: her "Done" (a forged click on Ben's card) changes nothing.
        var refused = await teams.PostAsync(maya.Execute((string)Button("Done")["verb"]!, Data(Button("Done")), "r1"));
        Assert.Contains("Only the item's owner or the central team", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        // Nor does she see it through a forged "Update: …" button (her own list has none for it); Ben does.
        const string Title = "Develop Data Collection and Reflection Plan";
        var peek = await teams.PostAsync(maya.Execute(ActionItemCards.OpenVerb, Data(Button("Blocked…")), "r2"));
        var peeked = await peek.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Only the item's owner or the central team can open it", peeked, StringComparison.Ordinal);
        Assert.DoesNotContain(Title, peeked, StringComparison.Ordinal);
        var opened = await teams.PostAsync(ben.Execute(ActionItemCards.OpenVerb, Data(Button("Blocked…")), "r3"));
        Assert.Contains(Title, await opened.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        var snoozed = await teams.PostAsync(ben.Execute((string)Button("Snooze 3 days")["verb"]!, Data(Button("Snooze 3 days")), "r1"));
        var snoozedCard = await snoozed.Content.ReadAsStringAsync(Ct);
        Assert.Contains("snoozed until Sun 8 Mar", snoozedCard, StringComparison.Ordinal);
        // Snoozed on a Thursday, the three days end on Sunday: Ben is told the day the reminder really comes.
        Assert.Contains("Snoozed: the next reminder comes on Mon 9 Mar.", snoozedCard, StringComparison.Ordinal);
        await AdvanceHoursAsync(6 * 24); // to Wednesday 11 March, 10:00
        await teams.PostAsync(ben.Execute((string)Button("Done")["verb"]!, Data(Button("Done")), "r1"));
        await AdvanceHoursAsync(10 * 24);

        // After the snooze the next reminder is on its day (Sunday → Monday, a working day); after Done there are none.
        Assert.Equal(["Thu 5 Mar 09:00", "Mon 9 Mar 09:00", "Wed 11 Mar 09:00"], Reminders("data-plan").Select(d => Local(d, Chicago)));
        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        Assert.Equal("done", (string?)item!["status"]);
        var history = item["history"]!.AsArray().Select(h => $"{(string?)h!["by"]}: {(string?)h["text"]}").ToList();
        Assert.Contains("Ben Okafor: Snoozed reminders until Sun 8 Mar", history);
        Assert.Contains("Ben Okafor: Status: Not started → Done", history);
        Assert.DoesNotContain(history, h => h.StartsWith("Maya", StringComparison.Ordinal));
    }

    /// <summary>
    /// In Teams, "Blocked…" and "Add a note" first answer with a form naming the item. A forged press of either on Ben's
    /// item gets Maya the refusal, not that form: it would show her the title of an item that is not hers.
    /// </summary>
    [Fact]
    public async Task Someone_elses_forged_Blocked_or_Add_a_note_opens_no_form_and_shows_nothing_of_the_item()
    {
        var (Button, Data) = await BensFirstReminderAsync();
        const string Title = "Develop Data Collection and Reflection Plan";

        foreach (var verb in new[] { ActionItemCards.BlockVerb, ActionItemCards.NoteVerb })
        {
            var pressed = await teams.PostAsync(maya.Execute(verb, Data(Button("Blocked…")), "r1"));
            var answer = await pressed.Content.ReadAsStringAsync(Ct);
            Assert.Contains("Only the item's owner or the central team", answer, StringComparison.Ordinal);
            Assert.DoesNotContain(Title, answer, StringComparison.Ordinal);
        }
        var ownForm = await teams.PostAsync(ben.Execute(ActionItemCards.NoteVerb, Data(Button("Add a note")), "r1"));
        Assert.Contains(Title, await ownForm.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_note_or_a_snooze_sent_twice_from_two_devices_is_in_the_items_history_once()
    {
        var (Button, Data) = await BensFirstReminderAsync();
        var note = new JsonObject { [ActionItemCards.NoteInput] = "Waiting on the district's data-sharing agreement" };

        // The same card open on a phone and a laptop, pressed on both (two activities, two ids).
        var first = await teams.PostAsync(ben.Execute(ActionItemCards.NoteVerb, Data(Button("Add a note")), "r1", note));
        var second = await teams.PostAsync(ben.Execute(ActionItemCards.NoteVerb, Data(Button("Add a note")), "r1", note));
        await teams.PostAsync(ben.Execute(ActionItemCards.SnoozeVerb, Data(Button("Snooze 3 days")), "r1"));
        await teams.PostAsync(ben.Execute(ActionItemCards.SnoozeVerb, Data(Button("Snooze 3 days")), "r1"));

        Assert.Contains("Your note is in the item's history.", await second.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        var history = item!["history"]!.AsArray().Select(h => (string?)h!["text"]).ToList();
        Assert.Single(history, h => h == "Note: Waiting on the district's data-sharing agreement");
        Assert.Single(history, h => h!.StartsWith("Snoozed reminders until", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snoozing_a_blocked_item_says_no_reminders_come_until_it_is_unblocked()
    {
        var (Button, Data) = await BensFirstReminderAsync();

        var blocked = await teams.PostAsync(ben.Execute((string)Button("Blocked…")["verb"]!, Data(Button("Blocked…")), "r1",
            new JsonObject { [ActionItemCards.ReasonInput] = "Waiting for the data-sharing agreement" }));
        Assert.Contains("Marked as blocked", await blocked.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var snoozed = await teams.PostAsync(ben.Execute((string)Button("Snooze 3 days")["verb"]!, Data(Button("Snooze 3 days")), "r1"));

        Assert.Contains("Snoozed until Mon 9 Mar. The item is blocked, so no reminders come until it is unblocked.",
            await snoozed.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snooze_pressed_on_an_old_reminder_of_an_item_already_done_promises_no_reminder_and_changes_nothing()
    {
        var (Button, Data) = await BensFirstReminderAsync();
        await teams.PostAsync(ben.Execute((string)Button("Done")["verb"]!, Data(Button("Done")), "r1"));

        var snoozed = await teams.PostAsync(ben.Execute((string)Button("Snooze 3 days")["verb"]!, Data(Button("Snooze 3 days")), "r1"));

        var answer = await snoozed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("next reminder comes", answer, StringComparison.Ordinal);
        Assert.Contains("It is done, so no reminders come for it.", answer, StringComparison.Ordinal);
        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        Assert.Null((string?)item!["snoozedUntil"]);
        Assert.DoesNotContain(item["history"]!.AsArray(), h => ((string?)h!["text"])!.StartsWith("Snoozed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snoozing_an_item_with_no_due_date_says_no_reminders_come_until_it_has_one()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-12");
        await Admin.PatchAsJsonAsync("/api/admin/action-items/tutor-training", new JsonObject { ["ownerEmail"] = "ben@example.org" }, Ct);

        var snoozed = await teams.PostAsync(ben.Execute(ActionItemCards.SnoozeVerb, new JsonObject { ["item"] = "tutor-training" }, "r1"));

        var answer = await snoozed.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("next reminder comes", answer, StringComparison.Ordinal);
        Assert.Contains("It has no due date yet, so no reminders come until it has one.", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocking_an_item_names_the_executive_champion_only_when_the_program_has_one_to_tell()
    {
        var (Button, Data) = await BensFirstReminderAsync();
        var store = teams.App.Get<DirectoryStore>();
        store.Change(store.FindByEmail("erin@example.org")!.Id, p => p with { Roles = [Roles.CentralTeam] });

        var blocked = await teams.PostAsync(ben.Execute((string)Button("Blocked…")["verb"]!, Data(Button("Blocked…")), "r1",
            new JsonObject { [ActionItemCards.ReasonInput] = "Waiting for the data-sharing agreement" }));

        var answer = await blocked.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Marked as blocked. The central team will see why.", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("executive champion", answer, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found blocked in the program's morning (09:00 in Chicago), the escalation waits for Erin's own 09:00 in Los Angeles. In
    /// those two hours the roster makes her a tutor: she no longer leads the program, yet she was still told who is stuck on what.
    /// </summary>
    [Fact]
    public async Task An_escalation_waiting_for_its_readers_morning_is_not_sent_once_they_are_no_longer_executive_champion()
    {
        var store = teams.App.Get<DirectoryStore>();
        var erin = store.FindByEmail("erin@example.org")!;
        store.Change(erin.Id, p => p with { TimeZone = "America/Los_Angeles" });
        await AssignAsync("data-plan", "ben@example.org", "2026-03-20");
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No data-sharing agreement" }, Ct)).EnsureSuccessStatusCode();
        await AdvanceHoursAsync(1); // 09:00 in Chicago, 07:00 in Los Angeles
        var waiting = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"), e => e.PersonId == erin.Id);
        Assert.Equal(DeliveryState.Queued, waiting.State);

        (await Admin.PatchAsJsonAsync($"/api/admin/people/{erin.Id}", new JsonObject { ["roles"] = new JsonArray("tutor") }, Ct)).EnsureSuccessStatusCode();
        await AdvanceHoursAsync(3);
        await teams.DeliveredAsync();

        var row = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"), e => e.PersonId == erin.Id);
        Assert.Equal((DeliveryState.Cancelled, "Not sent: they are no longer an executive champion, the post it was for"), (row.State, row.LastError));
        Assert.DoesNotContain(slack.CallsTo("chat.postMessage"), c => (string?)c.Json["channel"] == "DU1ERIN");
        // Lena, on the central team, got hers.
        Assert.Equal(DeliveryState.Sent, Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("escalation:data-plan"), e => e.PersonId != erin.Id).State);
    }

    [Fact]
    public async Task A_link_an_owner_types_as_the_blocked_reason_reaches_the_escalation_as_typed_not_as_a_disguised_link()
    {
        var (Button, Data) = await BensFirstReminderAsync();

        await teams.PostAsync(ben.Execute((string)Button("Blocked…")["verb"]!, Data(Button("Blocked…")), "r1",
            new JsonObject { [ActionItemCards.ReasonInput] = "Sign the [district data agreement](https://evil.example/sign) first" }));
        await AdvanceHoursAsync(1);

        // Lena (central team, Teams): the text block and the Status fact show the brackets, escaped, and make no link.
        var toLena = (await teams.PostedActivitiesAsync()).Single(a => a.ToJsonString().Contains("Blocked: Develop", StringComparison.Ordinal));
        var texts = toLena.ToJsonString();
        Assert.DoesNotContain("agreement](", texts, StringComparison.Ordinal);
        Assert.Contains(@"\\[district data agreement\\](https://evil.example/sign)", texts, StringComparison.Ordinal);
        // Erin (executive champion, Slack): the words as typed, no <url|label> link.
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && c.Body.Contains("Blocked", StringComparison.Ordinal)), Ct);
        var toErin = slack.CallsTo("chat.postMessage").Single(c => c.Body.Contains("Blocked", StringComparison.Ordinal)).Body;
        Assert.DoesNotContain("|district data agreement>", toErin, StringComparison.Ordinal);
        Assert.Contains("[district data agreement](https://evil.example/sign)", toErin, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_snooze_that_ends_in_a_break_names_the_day_after_the_break_when_the_reminder_really_comes()
    {
        var (Button, Data) = await BensFirstReminderAsync();
        var added = await Admin.PostAsJsonAsync("/api/admin/calendar",
            new JsonObject { ["name"] = "Spring break", ["kind"] = "break", ["first"] = "2026-03-09", ["last"] = "2026-03-13" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var snoozed = await teams.PostAsync(ben.Execute((string)Button("Snooze 3 days")["verb"]!, Data(Button("Snooze 3 days")), "r1"));
        await AdvanceHoursAsync(11 * 24); // to Monday 16 March, 10:00

        // The break holds the reminder of Monday 9 March until Monday 16 March: Ben is told that day, not the Monday in the break.
        Assert.Contains("Snoozed: the next reminder comes on Mon 16 Mar, after Spring break.", await snoozed.Content.ReadAsStringAsync(Ct),
            StringComparison.Ordinal);
        Assert.Equal(["Thu 5 Mar 09:00", "Mon 16 Mar 09:00"], Reminders("data-plan").Select(d => Local(d, Chicago)));
    }

    /// <summary>Ana's "sessions-data" item, due 20 March, opened in Slack from "my items": its Blocked… button.</summary>
    async Task<JsonNode> AnasBlockedButtonInSlackAsync()
    {
        await AssignAsync("sessions-data", "ana@example.org", "2026-03-20");
        var response = await teams.Client.SendAsync(SlackRequests.Command("U1ANA", "my items", teams.App.Time.GetUtcNow()), Ct);
        var open = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? []).Single(e => (string?)e?["type"] == "button")!;
        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ANA", (string)open["action_id"]!, (string)open["value"]!, actionTs: "1.1"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        return slack.CallsTo("chat.postMessage").Single().Json["blocks"]!.AsArray()
            .SelectMany(b => b?["elements"]?.AsArray() ?? []).Single(e => (string?)e?["type"] == "button" && (string?)e["text"]?["text"] == "Blocked…")!;
    }

    [Fact]
    public async Task Blocked_from_Slack_asks_for_the_reason_in_a_modal_and_escalates_once_to_the_champion_and_the_central_team()
    {
        var blocked = await AnasBlockedButtonInSlackAsync();

        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ANA", (string)blocked["action_id"]!, (string)blocked["value"]!, actionTs: "1.2"), teams.App.Time.GetUtcNow()), Ct);
        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
        await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1ANA", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, new() { ["reason"] = "Waiting for the district's data-sharing agreement" }), teams.App.Time.GetUtcNow()), Ct);
        await AdvanceHoursAsync(3 * 24);

        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/sessions-data", UriKind.Relative), Ct);
        Assert.Equal(("blocked", "Waiting for the district's data-sharing agreement"), ((string?)item!["status"], (string?)item["blockedReason"]));
        var escalations = teams.App.Get<OutboxStore>().ForCampaign("escalation:sessions-data");
        var directory = teams.App.Get<DirectoryStore>();
        Assert.Equal(["erin@example.org", "lena@example.org"], escalations.Select(e => directory.Find(e.PersonId!)!.Email).Order());
        // Sent in the program's working hours: Monday 2 March, 09:00 in Chicago, not at 08:00 when it was blocked.
        Assert.All(escalations, e => Assert.Equal("Mon 2 Mar 09:00", Local(e, Chicago)));
        Assert.Empty(Reminders("sessions-data"));
    }

    [Fact]
    public async Task In_Slack_Blocked_sent_from_a_modal_opened_before_the_central_team_marked_the_item_done_does_not_reopen_it()
    {
        var blocked = await AnasBlockedButtonInSlackAsync();
        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ANA", (string)blocked["action_id"]!, (string)blocked["value"]!, actionTs: "1.2"), teams.App.Time.GetUtcNow()), Ct);
        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/sessions-data", new JsonObject { ["status"] = "done" }, Ct)).EnsureSuccessStatusCode();

        var submitted = await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1ANA", (string)modal["callback_id"]!,
            (string)modal["private_metadata"]!, new() { ["reason"] = "Waiting for the district's data-sharing agreement" }), teams.App.Time.GetUtcNow()), Ct);

        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/sessions-data", UriKind.Relative), Ct);
        Assert.Equal("done", (string?)item!["status"]);
        // Her card is replaced by the item as it is now (06:00 in Los Angeles, where Ana works), saying why Blocked was not recorded.
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        Assert.Contains(Strings(Assert.Single(slack.CallsTo("chat.update")).Json["blocks"]), t => t.StartsWith(
            "The central team changed its status to Done at 06:00 on Mon 2 Mar, after this card was sent, so your \"Blocked\" was not recorded.", StringComparison.Ordinal));
    }

    /// <summary>Every text of a Slack message's blocks, as Ana reads them.</summary>
    static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    [Fact]
    public async Task In_Slack_an_owner_whose_item_was_reassigned_is_told_why_Blocked_does_not_open()
    {
        var blocked = await AnasBlockedButtonInSlackAsync();
        await AssignAsync("sessions-data", "ben@example.org", "2026-03-20");

        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ANA", (string)blocked["action_id"]!, (string)blocked["value"]!, actionTs: "1.2"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method is "chat.postMessage" or "chat.postEphemeral" or "chat.update") > 1, Ct);

        Assert.Empty(slack.CallsTo("views.open"));
        var answers = string.Join("\n", slack.Calls.Skip(1).Select(c => c.Body));
        Assert.Contains("The central team gave this item to Ben Okafor at ", answers, StringComparison.Ordinal);
        Assert.Contains("so nothing was changed. If it should be yours again, ask the central team.", answers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task My_items_says_due_today_by_the_owners_own_clock_not_the_programs()
    {
        await AssignAsync("sessions-data", "ana@example.org", "2026-03-02");
        await AdvanceHoursAsync(16); // 22:00 on Monday 2 March in Los Angeles, where Ana works; already Tuesday in Chicago

        var response = await teams.Client.SendAsync(SlackRequests.Command("U1ANA", "my items", teams.App.Time.GetUtcNow()), Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Mon 2 Mar 2026 (today)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_items_button_cut_short_keeps_an_emoji_whole_or_leaves_it_out_never_half_of_it()
    {
        // 38 characters, then 📚 (two UTF-16 halves) where the button's 40-character cut falls.
        const string Title = "Train tutors on the new grade 6 units 📚 and the pacing guide";
        (await Admin.PatchAsJsonAsync("/api/admin/action-items/tutor-training", new JsonObject { ["title"] = Title }, Ct)).EnsureSuccessStatusCode();
        await AssignAsync("tutor-training", "ben@example.org", "2026-03-10");

        await teams.PostAsync(ben.Text("my items"));

        var button = (string?)Assert.Single(ButtonsOf((await teams.PostedActivitiesAsync()).Last()))["title"];
        // Half an emoji showed Ben a broken character (�) before the "…".
        Assert.Equal("Update: Train tutors on the new grade 6 units …", button);
    }

    [Fact]
    public async Task An_owner_of_seven_items_reaches_every_one_from_my_items_a_card_of_five_at_a_time()
    {
        string[] items = ["align-curriculum", "instructional-routines", "individualization", "scope-sequence", "staff-coach-training", "tutor-training", "data-plan"];
        for (var i = 0; i < items.Length; i++) await AssignAsync(items[i], "ben@example.org", $"2026-03-{10 + i}");

        await teams.PostAsync(ben.Text("my items"));

        var first = (await teams.PostedActivitiesAsync()).Last();
        var firstTitles = ButtonsOf(first).Select(b => (string?)b["title"]).ToList();
        Assert.Equal(6, firstTitles.Count);
        Assert.All(firstTitles.Take(5), t => Assert.StartsWith("Update: ", t, StringComparison.Ordinal));
        Assert.Equal("More items (2 more)", firstTitles[5]);
        Assert.Contains("Items 1–5 of 7, soonest due first.", TextsOf(first));

        // "More items" replaces the card with the last two, soonest due first, each with its own button.
        var more = ButtonsOf(first)[5];
        var next = JsonNode.Parse(await (await teams.PostAsync(ben.Execute((string)more["verb"]!, more["data"]!["d"]!.DeepClone().AsObject(), "mine-1")))
            .Content.ReadAsStringAsync(Ct))!["value"]!;
        var nextTitles = ButtonsOf(next).Select(b => (string?)b["title"]).ToList();
        Assert.Equal(["Update: Implement Tutor Training and Ongoing Co…", "Update: Develop Data Collection and Reflection …", "Back to the first items"], nextTitles);
        Assert.Contains("Items 6–7 of 7, soonest due first.", TextsOf(next));

        // The seventh item opens with its own buttons.
        var seventh = ButtonsOf(next)[1];
        await teams.PostAsync(ben.Execute(ActionItemCards.OpenVerb, seventh["data"]!["d"]!.DeepClone().AsObject(), "mine-1"));
        var opened = (await teams.PostedActivitiesAsync()).Last();
        Assert.Contains("Develop Data Collection and Reflection Plan", opened.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Blocked…", ButtonsOf(opened).Select(b => (string?)b["title"]));
    }

    static string Plain(JsonNode node) =>
        node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    static List<JsonNode> SlackButtons(JsonNode blocks) =>
        [.. blocks.AsArray().SelectMany(b => b?["elements"]?.AsArray() ?? []).Where(e => (string?)e?["type"] == "button").Select(e => e!)];

    [Fact]
    public async Task In_Slack_an_owner_of_seven_items_pages_through_my_items_with_More_items_and_Back()
    {
        string[] items = ["align-curriculum", "instructional-routines", "individualization", "scope-sequence", "staff-coach-training", "tutor-training", "data-plan"];
        for (var i = 0; i < items.Length; i++) await AssignAsync(items[i], "ana@example.org", $"2026-03-{10 + i}");
        var response = await teams.Client.SendAsync(SlackRequests.Command("U1ANA", "my items", teams.App.Time.GetUtcNow()), Ct);
        var more = SlackButtons((await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["blocks"]!).Last();
        Assert.Equal("More items (2 more)", (string?)more["text"]!["text"]);

        // Pressed on the answer to /hitbot, which only Ana sees and Slack cannot change: the next items come to her DM.
        var click = SlackRequests.ButtonClick("U1ANA", (string)more["action_id"]!, (string)more["value"]!, actionTs: "2.1");
        click["container"]!["is_ephemeral"] = true;
        await teams.Client.SendAsync(SlackRequests.Interaction(click, teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method is "chat.postMessage" or "chat.update"), Ct);
        var second = Assert.Single(slack.CallsTo("chat.postMessage")).Json;
        Assert.Equal("DU1ANA", (string?)second["channel"]);
        Assert.Contains("Items 6–7 of 7", Plain(second), StringComparison.Ordinal);
        var back = SlackButtons(second["blocks"]!).Last();
        Assert.Equal("Back to the first items", (string?)back["text"]!["text"]);

        // Pressed in her DM: that message turns back into the first five.
        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ANA", (string)back["action_id"]!, (string)back["value"]!, messageTs: "1700000000.000001", actionTs: "2.2"),
            teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);
        var first = Assert.Single(slack.CallsTo("chat.update")).Json;
        Assert.Equal(("DU1ANA", "1700000000.000001"), ((string?)first["channel"], (string?)first["ts"]));
        Assert.Contains("Items 1–5 of 7", Plain(first), StringComparison.Ordinal);
        Assert.Single(slack.CallsTo("chat.postMessage"));
    }

    /// <summary>
    /// "More items" pressed on the Home tab pages the Home tab, as it pages a message: it posted the next items to Ana's DM
    /// as a new message and left her Home tab on the first five, so on her phone nothing she was looking at changed.
    /// </summary>
    [Fact]
    public async Task In_Slack_More_items_pressed_on_the_Home_tab_shows_the_next_items_there_not_in_a_new_DM()
    {
        string[] items = ["align-curriculum", "instructional-routines", "individualization", "scope-sequence", "staff-coach-training", "tutor-training", "data-plan"];
        for (var i = 0; i < items.Length; i++) await AssignAsync(items[i], "ana@example.org", $"2026-03-{10 + i}");
        await teams.Client.SendAsync(SlackRequests.Event(SlackRequests.HomeOpened("EvHomeAna", "U1ANA"), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "views.publish"), Ct);
        var home = slack.CallsTo("views.publish").Single().Json["view"]!;
        var more = SlackButtons(home["blocks"]!).Single(b => ((string?)b["text"]?["text"])?.StartsWith("More items", StringComparison.Ordinal) == true);

        var click = SlackRequests.ButtonClick("U1ANA", (string)more["action_id"]!, (string)more["value"]!, actionTs: "3.1");
        click["container"] = new JsonObject { ["type"] = "view", ["view_id"] = "VHOME" };
        click["view"] = new JsonObject { ["id"] = "VHOME", ["type"] = "home" };
        click.Remove("channel");
        click.Remove("message");
        var response = await teams.Client.SendAsync(SlackRequests.Interaction(click, teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Count(c => c.Method == "views.publish") == 2 || calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var dispatcher = teams.App.Get<DispatcherProgress>();
        await dispatcher.WaitForAsync(() => dispatcher.SettledAt is not null, Guard, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(slack.CallsTo("chat.postMessage"));
        var paged = slack.CallsTo("views.publish")[1].Json;
        Assert.Equal("U1ANA", (string?)paged["user_id"]);
        Assert.Contains("Items 6–7 of 7", Plain(paged), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weekly_digest_goes_to_the_central_team_on_its_day_once_a_week()
    {
        await AssignAsync("data-plan", "ben@example.org", "2026-03-04");
        await AssignAsync("walkthroughs", "ben@example.org", "2026-02-27");
        await AdvanceHoursAsync(1);
        await Admin.PatchAsJsonAsync("/api/admin/action-items/tutor-training", new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No trainer yet" }, Ct);
        await Admin.PatchAsJsonAsync("/api/admin/action-items/align-curriculum", new JsonObject { ["status"] = "done" }, Ct);

        await AdvanceHoursAsync(14 * 24 - 1); // Monday 9 and Monday 16 March pass, 08:00 each

        var digests = teams.App.Get<OutboxStore>().ForCampaign("digest:action-plan").OrderBy(d => d.CreatedAt).ToList();
        Assert.Equal(["Mon 9 Mar 08:00", "Mon 16 Mar 08:00"], digests.Select(d => Local(d, Chicago)));
        var lena = teams.App.Get<DirectoryStore>().FindByEmail("lena@example.org")!.Id;
        Assert.All(digests, d => Assert.Equal(lena, d.PersonId));
        var first = digests[0].MessageJson;
        Assert.Contains("Overdue (2)", first, StringComparison.Ordinal);
        Assert.Contains("Blocked (1)", first, StringComparison.Ordinal);
        Assert.Contains("Done since the last digest (1)", first, StringComparison.Ordinal);
        Assert.Contains("No owner yet (8)", first, StringComparison.Ordinal);
        Assert.Contains("Done since the last digest (0)", digests[1].MessageJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_weekly_digest_tells_the_central_team_how_much_feedback_waits_for_a_reply_and_since_when()
    {
        await AdvanceHoursAsync(1); // past the install's first digest slot, which the digest counts from
        await teams.PostAsync(maya.Text("feedback Where are the grade 4 workbooks?"));
        await teams.PostAsync(maya.Text("feedback Can I swap my Friday slot?"));
        var inbox = (await (await Admin.GetAsync("/api/admin/feedback?status=new", Ct)).Content.ReadFromJsonAsync<JsonArray>(Ct))!;
        var swap = inbox.Single(i => ((string)i!["text"]!).Contains("Friday", StringComparison.Ordinal))!;
        var replied = await Admin.PostAsJsonAsync($"/api/admin/feedback/{swap["id"]}/reply", new JsonObject { ["text"] = "Yes, ask Ben." }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);

        await AdvanceHoursAsync(14 * 24 - 1); // Monday 9 and Monday 16 March pass, 08:00 each

        var digests = teams.App.Get<OutboxStore>().ForCampaign("digest:action-plan").OrderBy(d => d.CreatedAt).ToList();
        Assert.Equal(2, digests.Count);
        var first = MessageJson.Deserialize(digests[0].MessageJson);
        var firstText = string.Join("\n", first.Card.Body.OfType<TextBlock>().Select(t => t.Markdown));
        Assert.EndsWith(" · Feedback waiting for a reply: 1", first.Summary, StringComparison.Ordinal);
        Assert.Contains("**Feedback waiting for a reply (1)**", firstText, StringComparison.Ordinal);
        Assert.Contains("- 2 new since the last digest", firstText, StringComparison.Ordinal);
        Assert.Contains("- the oldest has waited since Mon 2 Mar", firstText, StringComparison.Ordinal);
        Assert.Contains("feedback inbox", firstText, StringComparison.Ordinal);
        Assert.DoesNotContain("workbooks", firstText, StringComparison.Ordinal); // counts only: the text stays in the inbox
        var second = MessageJson.Deserialize(digests[1].MessageJson).Card.Body.OfType<TextBlock>().Select(t => t.Markdown).ToList();
        Assert.Contains("**Feedback waiting for a reply (1)**", second);
        Assert.DoesNotContain(second, t => t.Contains("new since the last digest", StringComparison.Ordinal));
        var api = (await Admin.GetFromJsonAsync<JsonObject>("/api/admin/action-items/digest", Ct))!["others"]![0]!;
        Assert.Equal(("Feedback waiting for a reply", 1), ((string?)api["title"], (int?)api["count"]));
    }

    [Fact]
    public async Task The_weekly_digest_says_when_a_reply_could_not_be_delivered_though_its_item_counts_as_answered()
    {
        await AdvanceHoursAsync(1); // past the install's first digest slot, which the digest counts from
        await teams.PostAsync(maya.Text("feedback Can I swap my Friday slot?"));
        var item = (await (await Admin.GetAsync("/api/admin/feedback?status=new", Ct)).Content.ReadFromJsonAsync<JsonArray>(Ct))![0]!;
        teams.Connector.Block(maya.UserId); // she blocked HitBot after writing
        var replied = await Admin.PostAsJsonAsync($"/api/admin/feedback/{item["id"]}/reply", new JsonObject { ["text"] = "Yes, ask Ben." }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, replied.StatusCode);
        await teams.DeliveredAsync();

        await AdvanceHoursAsync(7 * 24 - 1); // Monday 9 March, 08:00

        var digest = MessageJson.Deserialize(Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("digest:action-plan")).MessageJson);
        var text = string.Join("\n", digest.Card.Body.OfType<TextBlock>().Select(t => t.Markdown));
        Assert.Contains("**Feedback waiting for a reply (0)**", text, StringComparison.Ordinal);
        Assert.Contains("- 1 reply since the last digest could not be delivered", text, StringComparison.Ordinal);
    }

    static List<string?> TextsOf(JsonNode card) =>
        [.. (card["attachments"]?[0]?["content"] ?? card)["body"]!.AsArray().Select(e => (string?)e?["text"])];

    static List<JsonObject> ButtonsOf(JsonNode card) =>
        [.. (card["attachments"]?[0]?["content"] ?? card)["actions"]!.AsArray().Select(a => a!.AsObject())];
}
