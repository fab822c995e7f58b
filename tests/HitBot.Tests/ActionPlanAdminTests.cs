using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests;

/// <summary>The central team runs the plan through the admin API; reminders survive a restart without repeating or skipping.</summary>
public sealed class ActionPlanAdminTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    static async Task ImportRosterAsync(HitBotApp app)
    {
        using var roster = new StringContent("name,email,role,site,partner\nBen Okafor,ben@example.org,site champion,Lincoln,\nAna Ruiz,ana@example.org,research and data,,\n",
            Encoding.UTF8, "text/csv");
        (await app.CreateAdminClient().PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
    }

    static async Task<HttpResponseMessage> ImportAsync(HttpClient admin, string csv)
    {
        using var content = new StringContent(csv, Encoding.UTF8, "text/csv");
        return await admin.PostAsync(new Uri("/api/admin/action-items/import", UriKind.Relative), content, Ct);
    }

    [Fact]
    public async Task Owners_and_dates_come_from_a_CSV_and_a_file_with_a_bad_line_changes_nothing()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();

        var bad = await ImportAsync(admin, "item,owner_email,due_date\ndata-plan,ben@example.org,2026-03-12\nNo such step,ana@example.org,2026-03-20\nwalkthroughs,ana@example.org,12/03/2026\n");
        var before = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        var good = await ImportAsync(admin, "item,owner_email,due_date\ndata-plan,ben@example.org,2026-03-12\nConduct Walkthroughs to Assess Tutor Practice,ana@example.org,2026-03-20\n");
        var after = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        var anas = await admin.GetFromJsonAsync<JsonArray>(new Uri($"/api/admin/action-items?owner={app.Get<DirectoryStore>().FindByEmail("ana@example.org")!.Id}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        Assert.Equal(["line 3", "line 4"], errors.Select(e => e.Key));
        Assert.Null(before!["owner"]);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(("Ben Okafor", "2026-03-12"), ((string?)after!["owner"]!["name"], (string?)after["dueDate"]));
        Assert.Equal(["Owner: nobody → Ben Okafor", "Due date: none → 2026-03-12"],
            after["history"]!.AsArray().Select(h => (string?)h!["text"]).Where(t => t!.StartsWith("Owner", StringComparison.Ordinal) || t.StartsWith("Due", StringComparison.Ordinal)));
        Assert.Equal("walkthroughs", (string?)Assert.Single(anas!)!["id"]);
    }

    /// <summary>
    /// The central team shows the plan to the district's leadership at each check-in: it could only be copied from the board
    /// an item at a time. The file is the board in order, and its owners and dates go back in through the import.
    /// </summary>
    [Fact]
    public async Task The_plan_downloads_as_a_spreadsheet_whose_owners_and_dates_import_back()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();
        (await ImportAsync(admin, "item,owner_email,due_date\ndata-plan,ben@example.org,2026-03-12\n")).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs",
            new JsonObject { ["status"] = "blocked", ["blockedReason"] = "=HYPERLINK(\"http://evil.example\")" }, Ct)).EnsureSuccessStatusCode();

        var response = await admin.GetAsync(new Uri("/api/admin/action-items.csv", UriKind.Relative), Ct);
        var csv = await response.Content.ReadAsStringAsync(Ct);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("action-plan-2026-03-02.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("item,title,phase,owner_email,owner_name,due_date,status,blocked_reason,overdue,repeats,last_change", lines[0]);
        Assert.Equal(DefaultPlan.Steps.Count + 1, lines.Length);
        var dataPlan = Assert.Single(lines, l => l.StartsWith("data-plan,", StringComparison.Ordinal));
        Assert.Contains(",ben@example.org,Ben Okafor,2026-03-12,Not started,,no,,2026-03-02 08:00", dataPlan, StringComparison.Ordinal);
        // A reason typed as a formula stays text in a spreadsheet.
        Assert.Contains(",Blocked,\"'=HYPERLINK(", Assert.Single(lines, l => l.StartsWith("walkthroughs,", StringComparison.Ordinal)), StringComparison.Ordinal);

        // Ana takes over the data plan in the file, which goes back in as it is.
        var edited = csv.Replace(",ben@example.org,Ben Okafor,2026-03-12,", ",ana@example.org,Ben Okafor,2026-03-19,", StringComparison.Ordinal);
        var imported = await ImportAsync(admin, edited);
        var after = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(("Ana Ruiz", "2026-03-19"), ((string?)after!["owner"]!["name"], (string?)after["dueDate"]));
    }

    /// <summary>
    /// A district fills in the checklist's own Action Plan table (000) and imports it: its step 11 is spelled "Adust", as the
    /// table has it, and the whole file was refused with "is not an item of the plan".
    /// </summary>
    [Fact]
    public async Task A_step_named_as_the_checklists_table_spells_it_is_found()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();

        var response = await ImportAsync(admin, "item,owner_email,due_date\nAdust Implementation Based on Data Insights,ana@example.org,2026-05-28\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = app.Get<ActionPlanStore>().Find("adjust-implementation")!;
        Assert.Equal((app.Get<DirectoryStore>().FindByEmail("ana@example.org")!.Id, new DateOnly(2026, 5, 28)), (item.OwnerId, item.DueDate));
    }

    /// <summary>
    /// A quote never closed read the rest of the file into one cell, and the only error named the file's last line ("is not
    /// an item of the plan"), not the line to correct.
    /// </summary>
    [Fact]
    public async Task A_quote_never_closed_is_named_on_its_own_line_and_nothing_changes()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();

        var bad = await ImportAsync(admin, "item,owner_email,due_date\n\"data-plan,ben@example.org,2026-03-12\nwalkthroughs,ana@example.org,2026-03-20\nsessions-data,ana@example.org,2026-03-20\n");
        var item = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!.AsObject();
        var error = (string?)Assert.Single(errors, e => e.Key == "line 2").Value![0];
        Assert.Contains("double quote", error, StringComparison.Ordinal);
        Assert.Contains("line 4", error, StringComparison.Ordinal);
        Assert.Null(item!["owner"]);
    }

    [Fact]
    public async Task A_new_reason_for_a_blocked_item_is_saved_and_a_reason_for_an_item_not_blocked_is_refused()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();
        (await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No data-sharing agreement" }, Ct)).EnsureSuccessStatusCode();

        var reason = await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["blockedReason"] = "Legal is reviewing the agreement" }, Ct);
        var notBlocked = await admin.PatchAsJsonAsync("/api/admin/action-items/walkthroughs", new JsonObject { ["blockedReason"] = "No observers" }, Ct);

        Assert.Equal(HttpStatusCode.OK, reason.StatusCode);
        var item = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        Assert.Equal(("blocked", "Legal is reviewing the agreement"), ((string?)item!["status"], (string?)item["blockedReason"]));
        Assert.Equal(HttpStatusCode.BadRequest, notBlocked.StatusCode);
        Assert.Null(app.Get<ActionPlanStore>().Find("walkthroughs")?.BlockedReason);
    }

    /// <summary>
    /// From chat a reason holds at most 1,000 characters; through the API it had no end, and every escalation card quoting
    /// it was refused by Slack for good, so the central team heard of no blocked item at all.
    /// </summary>
    [Fact]
    public async Task A_blocked_reason_longer_than_chat_allows_is_a_400_and_the_item_is_unchanged()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        var response = await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan",
            new JsonObject { ["status"] = "blocked", ["blockedReason"] = new string('r', 1001) }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 1000 characters", (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["errors"]!["blockedReason"]![0]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotEqual(ItemStatus.Blocked, app.Get<ActionPlanStore>().Find("data-plan")!.Status);
    }

    [Fact]
    public async Task Giving_a_one_off_item_the_survey_pre_read_does_not_make_it_repeat()
    {
        using var app = new HitBotApp();
        var admin = app.CreateAdminClient();

        var response = await admin.PatchAsJsonAsync("/api/admin/action-items/adjust-implementation", new JsonObject { ["preRead"] = true }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var item = await response.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((true, null), ((bool?)item!["preRead"], item["repeat"]));
        Assert.Null(app.Get<ActionPlanStore>().Find("adjust-implementation")?.Repeat);
    }

    [Fact]
    public async Task An_item_cannot_be_given_to_someone_who_left_the_program_who_would_never_be_reminded()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var directory = app.Get<DirectoryStore>();
        directory.Change(directory.FindByEmail("ana@example.org")!.Id, p => p with { Inactive = true });
        var admin = app.CreateAdminClient();

        var patch = await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "ana@example.org" }, Ct);
        var csv = await ImportAsync(admin, "item,owner_email,due_date\nwalkthroughs,ben@example.org,2026-03-20\ndata-plan,ana@example.org,2026-03-12\n");
        var walkthroughs = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/walkthroughs", UriKind.Relative), Ct);

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (patch.StatusCode, csv.StatusCode));
        Assert.Contains("left the program", await patch.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("left the program", await csv.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(walkthroughs!["owner"]);
    }

    [Fact]
    public async Task Erasing_an_owner_renamed_since_takes_the_name_they_had_then_out_of_the_items_history()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();
        (await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "ana@example.org" }, Ct)).EnsureSuccessStatusCode();
        (await admin.PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = "ben@example.org" }, Ct)).EnsureSuccessStatusCode();
        // Married since: the district's next roster spells her name another way.
        using (var roster = new StringContent("name,email,role\nAna Ruiz-Pérez,ana@example.org,research and data\n", Encoding.UTF8, "text/csv"))
            (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        var anaId = app.Get<DirectoryStore>().FindByEmail("ana@example.org")!.Id;

        var erased = await admin.DeleteAsync(new Uri($"/api/admin/people/{anaId}", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var item = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        Assert.Equal("Ben Okafor", (string?)item!["owner"]!["name"]);
        Assert.DoesNotContain("Ana Ruiz", item.ToJsonString(), StringComparison.Ordinal);
        foreach (var (collection, json) in app.Get<HitBot.Core.Storage.HitBotDb>().AllDocuments())
            Assert.False(json.Contains("Ana Ruiz", StringComparison.Ordinal), $"{collection} still names the erased Ana: {json}");
    }

    [Fact]
    public async Task The_board_says_when_an_items_owner_has_left_the_program_and_gets_no_reminders()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();
        (await ImportAsync(admin, "item,owner_email,due_date\ndata-plan,ana@example.org,2026-03-12\nwalkthroughs,ben@example.org,2026-03-20\n")).EnsureSuccessStatusCode();
        var directory = app.Get<DirectoryStore>();
        directory.Change(directory.FindByEmail("ana@example.org")!.Id, p => p with { Inactive = true });

        var left = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        var stays = await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/walkthroughs", UriKind.Relative), Ct);

        Assert.Equal(("Ana Ruiz", true), ((string)left!["owner"]!["name"]!, (bool)left["owner"]!["left"]!));
        Assert.False((bool)stays!["owner"]!["left"]!);
    }

    [Fact]
    public async Task The_central_team_adds_edits_and_archives_items_and_bad_edits_are_refused_whole()
    {
        using var app = new HitBotApp();
        await ImportRosterAsync(app);
        var admin = app.CreateAdminClient();

        var added = await admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject
        {
            ["title"] = "Recruit weekend tutors", ["phase"] = "scaling-and-sustainability", ["ownerEmail"] = "ana@example.org", ["dueDate"] = "2026-04-01",
        }, Ct);
        var id = (string)(await added.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;
        var badOwner = await admin.PostAsJsonAsync("/api/admin/action-items", new JsonObject { ["title"] = "Ghost step", ["ownerEmail"] = "nobody@example.org" }, Ct);
        var badEdit = await admin.PatchAsJsonAsync($"/api/admin/action-items/{id}", new JsonObject { ["title"] = "Renamed", ["status"] = "blocked" }, Ct);
        var unchanged = await admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/action-items/{id}", UriKind.Relative), Ct);
        var archived = await admin.PostAsync(new Uri($"/api/admin/action-items/{id}/archive", UriKind.Relative), null, Ct);
        var list = await admin.GetFromJsonAsync<JsonArray>(new Uri("/api/admin/action-items", UriKind.Relative), Ct);
        var missing = await admin.PatchAsJsonAsync("/api/admin/action-items/nope", new JsonObject { ["title"] = "x" }, Ct);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (added.StatusCode, badOwner.StatusCode, badEdit.StatusCode));
        Assert.Contains("blockedReason", await badEdit.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(("Recruit weekend tutors", "not-started", "scaling-and-sustainability"),
            ((string?)unchanged!["title"], (string?)unchanged["status"], (string?)unchanged["phase"]));
        Assert.DoesNotContain(app.Get<ActionPlanStore>().All(), i => i.Title == "Ghost step");
        Assert.Equal(HttpStatusCode.OK, archived.StatusCode);
        Assert.Equal(11, list!.Count);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_restart_mid_week_neither_repeats_nor_skips_a_reminder_slot_and_a_missed_one_waits_for_working_hours()
    {
        await using var connector = await FakeBotConnector.StartAsync();
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var settings = new Dictionary<string, string?> { ["HitBot:Dispatcher:ShutdownGrace"] = "00:00:00" };
        try
        {
            using (var first = new HitBotApp(settings, folder, time))
            {
                first.CreateClient();
                await ImportRosterAsync(first);
                first.Get<PeopleDirectory>().Link(new ChannelAddress
                {
                    Channel = ChannelKind.Teams, UserId = "29:ben", ConversationId = "a:29:ben", ServiceUrl = connector.ServiceUrl, TenantId = "tenant-1",
                }, "ben@example.org");
                (await first.CreateAdminClient().PatchAsJsonAsync("/api/admin/action-items/data-plan",
                    new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-12" }, Ct)).EnsureSuccessStatusCode();
                await AdvanceAsync(first, time, hours: 9 * 24 + 4); // Wednesday 11 March, 12:00: "7 days" and "1 day" before are out
            }
            time.Advance(TimeSpan.FromHours(32)); // down until Thursday 12 March, 20:00: the due-date slot (09:00) was missed

            using var second = new HitBotApp(settings, folder, time);
            second.CreateClient();
            var progress = second.Get<ActionRemindersProgress>();
            await progress.WaitForAsync(() => progress.SettledAt >= time.GetUtcNow(), Guard, Ct);
            var atNight = second.Get<OutboxStore>().ForCampaign("reminder:data-plan").Count;
            await AdvanceAsync(second, time, hours: 14); // Friday 13 March, 10:00

            var sent = second.Get<OutboxStore>().ForCampaign("reminder:data-plan").OrderBy(d => d.CreatedAt)
                .Select(d => TimeZoneInfo.ConvertTimeFromUtc(d.CreatedAt, chicago).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(2, atNight);
            Assert.Equal(["Thu 5 Mar 09:00", "Wed 11 Mar 09:00", "Fri 13 Mar 09:00"], sent);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static async Task AdvanceAsync(HitBotApp app, FakeTimeProvider time, int hours)
    {
        var progress = app.Get<ActionRemindersProgress>();
        for (var i = 0; i < hours; i++)
        {
            time.Advance(TimeSpan.FromHours(1));
            var now = time.GetUtcNow();
            await progress.WaitForAsync(() => progress.SettledAt >= now, Guard, Ct);
        }
    }
}
