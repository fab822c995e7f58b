using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// "post update" from chat: the central team composes in Teams (a card) and in Slack (a modal from /hitbot update), sees
/// how many people it reaches before anything goes, and sends once; partner leads reach their own cohort and nobody else.
/// </summary>
public sealed class UpdateComposeTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TwoChannelApp both = null!;
    FakeSlackApi slack => both.Slack;
    TeamsTestApp teams => both.Teams;
    TeamsActivities lena = null!;
    TeamsActivities omar = null!;
    TeamsActivities maya = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync(
            "Lena Park,lena@example.org,central team,,\n" +
            "Omar Said,omar@example.org,partner lead,,CityTutors\n" +
            "Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n" +
            "Sam Ortiz,sam@example.org,tutor,Lincoln,CityTutors\n" +
            "Ana Ruiz,ana@example.org,tutor,Grant,ReadCorps\n" +
            "Kim Lee,kim@example.org,tutor,Grant,ReadCorps");
        (lena, omar, maya) = (teams.NewUser(), teams.NewUser(), teams.NewUser());
        var directory = teams.App.Get<PeopleDirectory>();
        directory.Link(TeamsAddress(lena.UserId), "lena@example.org");
        directory.Link(TeamsAddress(omar.UserId), "omar@example.org");
        directory.Link(TeamsAddress(maya.UserId), "maya@example.org");
        directory.Link(SlackAddress("U1LENA"), "lena@example.org");
        directory.Link(SlackAddress("U1SAM"), "sam@example.org");
        directory.Link(SlackAddress("U1ANA"), "ana@example.org");
        directory.Link(SlackAddress("U1KIM"), "kim@example.org");
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    ChannelAddress TeamsAddress(string userId) => both.TeamsAddress(userId);

    static ChannelAddress SlackAddress(string userId) => TwoChannelApp.SlackAddress(userId);

    List<Delivery> UpdateDeliveries() =>
        [.. teams.App.Get<UpdateStore>().Page(0, 1000).Updates.SelectMany(u => teams.App.Get<OutboxStore>().ForCampaign(u.Campaign))];

    /// <summary>
    /// The rows of updates once the update scheduler has queued this many: a send from chat is handed to it, woken by the
    /// click, so that the click is answered at once whatever the audience's size.
    /// </summary>
    async Task<List<Delivery>> QueuedAsync(int rows)
    {
        var progress = teams.App.Get<UpdateSchedulerProgress>();
        await progress.WaitForAsync(() => UpdateDeliveries().Count >= rows && teams.App.Get<UpdateStore>().Page(0, 1000).Updates.All(u => u.SendingSince is null),
            TimeSpan.FromSeconds(60), Ct);
        return UpdateDeliveries();
    }

    /// <summary>Types "post update" and returns the compose card's Check audience button.</summary>
    async Task<JsonObject> ComposeButtonAsync(TeamsActivities who)
    {
        await teams.PostAsync(who.Text("post update"));
        var card = (await teams.PostedActivitiesAsync()).Last(a => a.ToJsonString().Contains("Post an update", StringComparison.Ordinal));
        return ButtonsOf(card).Single(b => (string?)b["title"] == "Check audience");
    }

    [Fact]
    public async Task Send_me_a_test_on_a_recalled_update_sends_nothing_and_says_why()
    {
        var check = await ComposeButtonAsync(lena);
        var inputs = new JsonObject { ["title"] = "Week 12: sessions resume", ["body"] = "See you **Monday**!", ["roles"] = "tutor" };
        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var test = ButtonsOf(JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!).Single(b => (string?)b["title"] == "Send me a test");
        var store = teams.App.Get<UpdateStore>();
        var update = store.Page(0, 10).Updates.Single();
        store.Save(update with { RecalledAt = teams.App.Time.GetUtcNow().UtcDateTime });

        var tested = await teams.PostAsync(lena.Execute((string)test["verb"]!, test["data"]!["d"]!.DeepClone().AsObject(), "a1"));

        Assert.Contains("recalled", await tested.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign("update-test:" + update.Id));
    }

    [Fact]
    public async Task Send_on_the_card_of_an_update_recalled_since_sends_nothing_and_says_it_was_recalled()
    {
        var check = await ComposeButtonAsync(lena);
        var inputs = new JsonObject { ["title"] = "Week 12: sessions resume", ["body"] = "See you **Monday**!", ["roles"] = "tutor" };
        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var send = ButtonsOf(JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!).Single(b => ((string?)b["title"])!.StartsWith("Send to", StringComparison.Ordinal));
        var store = teams.App.Get<UpdateStore>();
        var update = store.Page(0, 10).Updates.Single();
        store.Save(update with { RecalledAt = teams.App.Time.GetUtcNow().UtcDateTime });

        var sent = await teams.PostAsync(lena.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"));

        Assert.Contains("This update was recalled, so it is not sent again.", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<OutboxStore>().ForCampaign(update.Campaign));
    }

    [Fact]
    public async Task The_central_team_composes_in_Teams_sees_how_many_it_reaches_and_sends_once()
    {
        var check = await ComposeButtonAsync(lena);
        var inputs = new JsonObject { ["title"] = "Week 12: sessions resume", ["body"] = "See you **Monday**!", ["roles"] = "tutor" };

        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var confirmCard = JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!;
        Assert.Contains("Ready to send?", confirmCard.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(UpdateDeliveries());

        var send = ButtonsOf(confirmCard).Single(b => ((string?)b["title"])?.StartsWith("Send to", StringComparison.Ordinal) == true);
        Assert.Equal("Send to 4 people", (string?)send["title"]);
        var test = ButtonsOf(confirmCard).Single(b => (string?)b["title"] == "Send me a test");
        var tested = await teams.PostAsync(lena.Execute((string)test["verb"]!, test["data"]!["d"]!.DeepClone().AsObject(), "a1"));
        Assert.Contains("[Test]", await tested.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(UpdateDeliveries());
        var first = await teams.PostAsync(lena.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"));
        await teams.PostAsync(lena.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"));

        Assert.Contains("is on its way to 4 people", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var rows = await QueuedAsync(4);
        Assert.Equal(4, rows.Count);
        Assert.Equal(4, rows.Select(r => r.PersonId).Distinct().Count());
        var update = Assert.Single(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
        Assert.Equal((UpdateStatus.Sent, "See you **Monday**!"), (update.Status, update.Body));
        var testCopy = Assert.Single(teams.App.Get<OutboxStore>().ForCampaign("update-test:" + update.Id));
        Assert.Equal(lena.UserId, testCopy.Address.UserId);
    }

    [Fact]
    public async Task The_confirm_cards_preview_of_a_long_update_ends_between_paragraphs_never_inside_a_link()
    {
        var check = await ComposeButtonAsync(lena);
        var first = "Thank you for a **great** first term! " + string.Concat(Enumerable.Repeat("Sessions resume on Monday at every site. ", 6)).Trim();
        var second = string.Concat(Enumerable.Repeat("Read the [spring schedule](https://example.org/spring-schedule-2026) before Monday. ", 8)).Trim();
        var inputs = new JsonObject { ["title"] = "Week 12", ["body"] = first + "\n\n" + second, ["roles"] = "tutor" };

        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var card = JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!;

        // Cut at 600 characters, the preview ended inside the second paragraph's link: "[spring schedule](https://exam…"
        // showed as typed, brackets and all.
        var texts = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "TextBlock").Select(e => (string)e!["text"]!).ToList();
        Assert.Contains(first + "\n\n…", texts);
        Assert.DoesNotContain(texts, t => t.Contains("spring schedule", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_coordinator_who_posted_to_tutors_is_not_sent_to_updates_which_lists_only_what_reached_them()
    {
        var check = await ComposeButtonAsync(lena);
        var inputs = new JsonObject { ["title"] = "Week 12: sessions resume", ["body"] = "See you **Monday**!", ["roles"] = "tutor" };
        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var send = ButtonsOf(JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!)
            .Single(b => ((string?)b["title"])?.StartsWith("Send to", StringComparison.Ordinal) == true);

        var sent = await (await teams.PostAsync(lena.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"))).Content.ReadAsStringAsync(Ct);
        await QueuedAsync(4);
        await teams.DeliveredAsync();
        await teams.PostAsync(lena.Text("updates"));

        Assert.Contains("is on its way to 4 people", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Type **updates** to see it", sent, StringComparison.Ordinal);
        var answer = (await teams.DeliveredAsync()).Last(c => c.Method == "POST" && c.Path.Contains(lena.ConversationId, StringComparison.Ordinal)).Body?.ToJsonString();
        Assert.Contains("No updates have been sent to you yet", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slash_hitbot_update_opens_its_modal_when_a_partner_has_a_long_university_name()
    {
        // Slack takes option values up to 150 characters (docs.slack.dev, option object); a partner's id is the slug of its name.
        const string Partner = "University of Southern California Rossier School of Education, Master of Arts in Teaching";
        await teams.ImportRosterAsync($"Ivy Chen,ivy@example.org,tutor,Grant,\"{Partner}\"");

        await teams.Client.SendAsync(SlackRequests.Command("U1LENA", "update", teams.App.Time.GetUtcNow()), Ct);

        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
        var partners = modal["blocks"]!.AsArray().Single(b => (string?)b?["block_id"] == UpdateComposeCards.PartnersInput)!;
        Assert.Contains(partners["element"]!["options"]!.AsArray(), o => (string?)o?["value"] == Slug.Of(Partner));
    }

    /// <summary>
    /// A district of 120 sites: a Slack drop-down holds 100 options, and the sites after the 100th (in name order) were left
    /// out of the form without a word, so a coordinator looking for Washington Elementary could not tell why it was missing.
    /// </summary>
    [Fact]
    public async Task Slash_hitbot_update_in_a_district_of_more_than_100_sites_says_where_the_list_stops_and_where_to_choose_the_rest()
    {
        await teams.ImportRosterAsync(string.Join("\n", Enumerable.Range(1, 118).Select(i => $"Tutor {i},t{i}@example.org,tutor,Site {i:000},")));

        await teams.Client.SendAsync(SlackRequests.Command("U1LENA", "update", teams.App.Time.GetUtcNow()), Ct);

        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
        var blocks = modal["blocks"]!.AsArray();
        var sites = blocks.Single(b => (string?)b?["block_id"] == UpdateComposeCards.SitesInput)!;
        Assert.Equal(100, sites["element"]!["options"]!.AsArray().Count);
        var note = blocks[blocks.IndexOf(sites) + 1]!.ToJsonString();
        Assert.Contains("this program has 120: the list stops at Site 098.", note, StringComparison.Ordinal);
        Assert.Contains("dashboard", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Slash_hitbot_update_opens_a_modal_whose_answer_is_confirmed_in_the_DM_before_it_goes()
    {
        var command = await teams.Client.SendAsync(SlackRequests.Command("U1LENA", "update", teams.App.Time.GetUtcNow()), Ct);
        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;
        Assert.Equal(HttpStatusCode.OK, command.StatusCode);
        Assert.Equal("update.compose", (string?)modal["callback_id"]);

        await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1LENA", "update.compose", (string)modal["private_metadata"]!,
            new() { ["title"] = "Grant site closes early Friday", ["body"] = "Sessions end at 2pm." },
            new() { ["roles"] = ["tutor"], ["sites"] = ["grant"] }), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage"), Ct);
        var confirm = slack.CallsTo("chat.postMessage").Single().Json;
        var send = confirm["blocks"]!.AsArray().SelectMany(b => b?["elements"]?.AsArray() ?? [])
            .Single(e => (string?)e?["type"] == "button" && ((string?)e["text"]?["text"])?.StartsWith("Send to", StringComparison.Ordinal) == true)!;
        Assert.Equal("Send to 2 people", (string?)send["text"]!["text"]);
        Assert.Empty(UpdateDeliveries());

        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1LENA", (string)send["action_id"]!, (string)send["value"]!), teams.App.Time.GetUtcNow()), Ct);
        await slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.update"), Ct);

        Assert.Contains("on its way to 2 people", slack.CallsTo("chat.update").Single().Body, StringComparison.Ordinal);
        Assert.Equal(["ana@example.org", "kim@example.org"],
            (await QueuedAsync(2)).Select(d => teams.App.Get<DirectoryStore>().Find(d.PersonId!)!.Email).Order());
    }

    /// <summary>
    /// Lena cleared "Tutors" from the roles and chose no site or partner: Slack closed the modal and the title and text she
    /// had typed were gone, with a line in her DM saying why.
    /// </summary>
    [Fact]
    public async Task A_slack_update_sent_to_nobody_keeps_its_modal_open_with_the_reason_under_the_roles()
    {
        await teams.Client.SendAsync(SlackRequests.Command("U1LENA", "update", teams.App.Time.GetUtcNow()), Ct);
        var modal = Assert.Single(slack.CallsTo("views.open")).Json["view"]!;

        var response = await teams.Client.SendAsync(SlackRequests.Interaction(SlackRequests.ViewSubmission("U1LENA", "update.compose",
            (string)modal["private_metadata"]!, new() { ["title"] = "Grant site closes early Friday", ["body"] = "Sessions end at 2pm." }),
            teams.App.Time.GetUtcNow()), Ct);
        await teams.App.Get<DispatcherProgress>().WaitForAsync(() => teams.App.Get<DispatcherProgress>().SettledAt is not null, TimeSpan.FromSeconds(60), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("errors", (string?)body?["response_action"]);
        Assert.Equal([UpdateComposeCards.RolesInput], body?["errors"]?.AsObject().Select(e => e.Key).ToList());
        Assert.Contains("at least one role, site or partner", (string?)body?["errors"]?[UpdateComposeCards.RolesInput], StringComparison.Ordinal);
        Assert.Empty(slack.CallsTo("chat.postMessage"));
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
    }

    [Fact]
    public async Task A_partner_lead_reaches_only_their_own_tutors_whatever_the_card_data_says()
    {
        var check = await ComposeButtonAsync(omar);
        // A forged submission asking for everyone on the central team and the other partner's tutors.
        var forged = new JsonObject { ["title"] = "CityTutors pay day", ["body"] = "Timesheets by Friday.", ["roles"] = "tutor,central-team", ["partners"] = "readcorps" };
        var confirm = await teams.PostAsync(omar.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", forged));
        var send = ButtonsOf(JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!)
            .Single(b => ((string?)b["title"])?.StartsWith("Send to", StringComparison.Ordinal) == true);
        await teams.PostAsync(omar.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"));

        Assert.Equal("Send to 2 people", (string?)send["title"]);
        Assert.Equal(["maya@example.org", "sam@example.org"],
            (await QueuedAsync(2)).Select(d => teams.App.Get<DirectoryStore>().Find(d.PersonId!)!.Email).Order());
    }

    [Fact]
    public async Task A_partner_lead_cannot_send_an_update_meant_for_everyone_and_nothing_is_queued()
    {
        var created = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "All tutors: new pay rates", ["body"] = "Details inside.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        // The confirmation's Send, forged with the id of the central team's draft.
        var answer = await teams.PostAsync(omar.Execute(UpdateComposeCards.PostVerb, new JsonObject { ["update"] = id }, "a1"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("only the updates they wrote. Nothing was sent.", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(UpdateDeliveries());
        // Nor handed to the update scheduler, which would queue it a moment later.
        Assert.Equal((UpdateStatus.Draft, null), (teams.App.Get<UpdateStore>().Find(id)!.Status, teams.App.Get<UpdateStore>().Find(id)!.SendingSince));
    }

    [Fact]
    public async Task Send_from_chat_inside_a_break_of_the_program_calendar_sends_nothing_as_send_now_does()
    {
        var today = teams.App.Get<HitBot.Core.ProgramClock>().Today();
        var added = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/calendar", new JsonObject
        {
            ["name"] = "Spring break", ["kind"] = "break", ["first"] = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["last"] = today.AddDays(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var check = await ComposeButtonAsync(lena);
        var inputs = new JsonObject { ["title"] = "Reading list", ["body"] = "For after the break.", ["roles"] = "tutor" };
        var confirm = await teams.PostAsync(lena.Execute((string)check["verb"]!, check["data"]!["d"]!.DeepClone().AsObject(), "a1", inputs));
        var send = ButtonsOf(JsonNode.Parse(await confirm.Content.ReadAsStringAsync(Ct))!["value"]!)
            .Single(b => ((string?)b["title"])?.StartsWith("Send to", StringComparison.Ordinal) == true);

        var answer = await teams.PostAsync(lena.Execute((string)send["verb"]!, send["data"]!["d"]!.DeepClone().AsObject(), "a1"));

        Assert.Contains("Nothing was sent: today is in Spring break", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var update = Assert.Single(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
        Assert.Equal((UpdateStatus.Draft, null), (update.Status, update.SendingSince));
        Assert.Empty(UpdateDeliveries());
    }

    /// <summary>
    /// Pia's roster line says partner lead with the partner column left empty. Help offers her "post update", and it answered
    /// "Only the central team and partner leads can post updates" — to a partner lead, with nothing she could do about it.
    /// </summary>
    [Fact]
    public async Task A_partner_lead_without_a_partner_on_the_roster_is_told_what_is_missing_and_whom_to_ask()
    {
        await teams.ImportRosterAsync("Pia Chen,pia@example.org,partner lead,,");
        var pia = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(TeamsAddress(pia.UserId), "pia@example.org");

        await teams.PostAsync(pia.Text("post update"));

        var answer = (await teams.PostedActivitiesAsync()).Single().ToJsonString();
        Assert.Contains("The roster names no partner for you", answer, StringComparison.Ordinal);
        Assert.Contains("Ask the central team to add your partner", answer, StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
    }

    [Fact]
    public async Task A_tutor_cannot_post_an_update_even_with_a_forged_compose_card()
    {
        await teams.PostAsync(maya.Text("post update"));
        var forged = await teams.PostAsync(maya.Execute(UpdateComposeCards.ComposeVerb, new JsonObject { ["token"] = "abc123" }, "a1",
            new JsonObject { ["title"] = "Hi all", ["body"] = "Party!", ["roles"] = "tutor" }));

        Assert.Contains("Only the central team and partner leads", (await teams.PostedActivitiesAsync()).Single().ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Only the central team and partner leads", await forged.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);
    }

    [Fact]
    public async Task With_a_personal_token_a_partner_lead_gets_403_outside_their_cohort_and_nothing_is_saved_or_queued()
    {
        var admin = teams.App.CreateAdminClient();
        var directory = teams.App.Get<DirectoryStore>();
        var omarId = directory.FindByEmail("omar@example.org")!.Id;
        var issued = await admin.PostAsync(new Uri($"/api/admin/people/{omarId}/api-token", UriKind.Relative), null, Ct);
        var tutorToken = await admin.PostAsync(new Uri($"/api/admin/people/{directory.FindByEmail("maya@example.org")!.Id}/api-token", UriKind.Relative), null, Ct);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest), (issued.StatusCode, tutorToken.StatusCode));
        using var asOmar = teams.App.CreateClient();
        asOmar.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        JsonObject Draft(JsonObject audience) => new() { ["title"] = "Pay day", ["body"] = "Timesheets by Friday.", ["audience"] = audience };

        var everyone = await asOmar.PostAsJsonAsync("/api/admin/updates", Draft(new JsonObject { ["roles"] = new JsonArray("tutor") }), Ct);
        var staff = await asOmar.PostAsJsonAsync("/api/admin/updates", Draft(new JsonObject { ["people"] = new JsonArray(directory.FindByEmail("lena@example.org")!.Id) }), Ct);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (everyone.StatusCode, staff.StatusCode));
        Assert.Contains("only to the tutors CityTutors recruited", await everyone.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);

        var centralDraft = await admin.PostAsJsonAsync("/api/admin/updates", Draft(new JsonObject { ["roles"] = new JsonArray("tutor") }), Ct);
        var centralId = (string)(await centralDraft.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sendOthers = await asOmar.PostAsync(new Uri($"/api/admin/updates/{centralId}/send", UriKind.Relative), null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, sendOthers.StatusCode);
        Assert.Empty(UpdateDeliveries());

        var own = await asOmar.PostAsJsonAsync("/api/admin/updates",
            Draft(new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") }), Ct);
        var ownId = (string)(await own.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var sent = await asOmar.PostAsync(new Uri($"/api/admin/updates/{ownId}/send", UriKind.Relative), null, Ct);
        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (own.StatusCode, sent.StatusCode));
        Assert.Equal(["maya@example.org", "sam@example.org"], UpdateDeliveries().Select(d => directory.Find(d.PersonId!)!.Email).Order());

        var people = await asOmar.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        var feedback = await asOmar.GetAsync(new Uri("/api/admin/feedback", UriKind.Relative), Ct);
        var list = await asOmar.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/updates", UriKind.Relative), Ct);
        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (people.StatusCode, feedback.StatusCode));
        Assert.Equal([ownId], list!.Select(u => (string?)u!["id"]));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(new Uri($"/api/admin/people/{omarId}/api-token", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await asOmar.GetAsync(new Uri("/api/admin/updates", UriKind.Relative), Ct)).StatusCode);
    }

    /// <summary>Omar, CityTutors' partner lead, calling the admin API with his personal token.</summary>
    async Task<HttpClient> OmarsApiClientAsync()
    {
        var omarId = teams.App.Get<DirectoryStore>().FindByEmail("omar@example.org")!.Id;
        var issued = await teams.App.CreateAdminClient().PostAsync(new Uri($"/api/admin/people/{omarId}/api-token", UriKind.Relative), null, Ct);
        var client = teams.App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (string)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))!["token"]!);
        return client;
    }

    [Fact]
    public async Task A_partner_lead_cannot_mark_an_update_urgent_past_every_tutors_weekly_limit_and_nothing_is_saved()
    {
        using var asOmar = await OmarsApiClientAsync();
        JsonObject Draft(bool urgent) => new()
        {
            ["title"] = "Pay day", ["body"] = "Timesheets by Friday.", ["urgent"] = urgent,
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        };

        var urgent = await asOmar.PostAsJsonAsync("/api/admin/updates", Draft(urgent: true), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, urgent.StatusCode);
        Assert.Equal(UpdatePosting.UrgentRefusal, (string?)(await urgent.Content.ReadFromJsonAsync<JsonObject>(Ct))!["title"]);
        Assert.Empty(teams.App.Get<UpdateStore>().Page(0, 1000).Updates);

        var plain = await asOmar.PostAsJsonAsync("/api/admin/updates", Draft(urgent: false), Ct);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
    }

    [Fact]
    public async Task A_partner_lead_sends_only_updates_they_wrote_and_previews_only_their_own_cohort()
    {
        using var asOmar = await OmarsApiClientAsync();
        // The central team's draft for CityTutors' tutors: inside Omar's cohort, but not his to send early or to read.
        var id = await CentralTeamsEmbargoedDraftAsync();

        var apiSend = await asOmar.PostAsync(new Uri($"/api/admin/updates/{id}/send", UriKind.Relative), null, Ct);
        var chatSend = await teams.PostAsync(omar.Execute(UpdateComposeCards.PostVerb, new JsonObject { ["update"] = id }, "a1"));
        var chatTest = await teams.PostAsync(omar.Execute(UpdateComposeCards.TestVerb, new JsonObject { ["update"] = id }, "a2"));
        var chatDiscard = await teams.PostAsync(omar.Execute(UpdateComposeCards.DiscardVerb, new JsonObject { ["update"] = id }, "a3"));

        Assert.Equal(HttpStatusCode.Forbidden, apiSend.StatusCode);
        foreach (var answer in new[] { apiSend, chatSend, chatTest })
            Assert.Contains("only the updates they wrote", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.DoesNotContain("Embargoed", await chatDiscard.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Empty(teams.App.Get<OutboxStore>().WithKeyPrefix("update"));
        Assert.Equal((UpdateStatus.Draft, null), (teams.App.Get<UpdateStore>().Find(id)!.Status, teams.App.Get<UpdateStore>().Find(id)!.SendingSince));

        JsonObject Preview(JsonObject audience) => new() { ["title"] = "Pay day", ["body"] = "Timesheets by Friday.", ["audience"] = audience };
        var otherSite = await asOmar.PostAsJsonAsync("/api/admin/updates/preview", Preview(new JsonObject { ["sites"] = new JsonArray("Grant") }), Ct);
        var ownCohort = await asOmar.PostAsJsonAsync("/api/admin/updates/preview",
            Preview(new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") }), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, otherSite.StatusCode);
        Assert.DoesNotContain("matched", await otherSite.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(2, (int?)(await ownCohort.Content.ReadFromJsonAsync<JsonObject>(Ct))!["reach"]!["recipients"]);
    }

    /// <summary>The card preview of a saved update is reading it: a partner lead gets 403 for one the central team wrote.</summary>
    [Fact]
    public async Task A_partner_lead_cannot_read_the_central_teams_draft_through_its_card_preview()
    {
        using var asOmar = await OmarsApiClientAsync();
        var id = await CentralTeamsEmbargoedDraftAsync();

        var preview = await asOmar.GetAsync(new Uri($"/api/admin/updates/{id}/preview", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Forbidden, preview.StatusCode);
        Assert.DoesNotContain("Embargoed", await preview.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        var own = await teams.App.CreateAdminClient().GetAsync(new Uri($"/api/admin/updates/{id}/preview", UriKind.Relative), Ct);
        Assert.Contains("Embargoed", await own.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    /// <summary>The central team's draft for CityTutors' tutors (inside Omar's cohort, not written by him); its id.</summary>
    async Task<string> CentralTeamsEmbargoedDraftAsync()
    {
        var created = await teams.App.CreateAdminClient().PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Embargoed: new pay rates", ["body"] = "Not before Monday.",
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor"), ["partners"] = new JsonArray("CityTutors") },
        }, Ct);
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
    }

    static List<JsonObject> ButtonsOf(JsonNode card)
    {
        var content = card["attachments"]?[0]?["content"] ?? card;
        return [.. content["actions"]!.AsArray().Select(a => a!.AsObject())];
    }
}
