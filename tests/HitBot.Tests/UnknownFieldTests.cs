using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A field an admin address does not take (a typo such as "site" for "sites", or a field only another address takes) is a
/// 400 that names it and the fields the address does take, and nothing is saved or sent. Before, every write route but a
/// person's and a run's change answered 200 or 201 with that field silently left out: a script, or a district IT person
/// trying the API by hand, took the change for made.
/// </summary>
public sealed class UnknownFieldTests : IDisposable
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();
    readonly HttpClient admin;

    public UnknownFieldTests()
    {
        admin = app.CreateAdminClient();
        app.Get<RosterImport>().Import(new StringReader(
            "name,email,role,site\nMaya Lopez,maya@example.org,tutor,Lincoln\nSam Ortiz,sam@example.org,tutor,Grant\nLena Park,lena@example.org,central team,"),
            skipInvalid: false);
    }

    public void Dispose()
    {
        admin.Dispose();
        app.Dispose();
    }

    async Task<(HttpStatusCode Status, string? Title, JsonObject? Errors)> SendAsync(HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        var response = await admin.SendAsync(request, Ct);
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? await response.Content.ReadFromJsonAsync<JsonObject>(Ct) : null;
        return (response.StatusCode, (string?)problem?["title"], problem?["errors"]?.AsObject());
    }

    /// <summary>The 400, its title, and the same message filed under the field.</summary>
    async Task RefusedAsync(HttpMethod method, string path, string body, string field, string says)
    {
        var (status, title, errors) = await SendAsync(method, path, body);
        Assert.Equal((HttpStatusCode.BadRequest, says), (status, title));
        Assert.Equal(says, (string?)errors?[field]?[0]);
    }

    async Task<string> CreatedIdAsync(string path, string body)
    {
        var response = await admin.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    [Fact]
    public async Task Action_items_refuse_a_misspelt_field_on_create_and_on_change_and_nothing_changes()
    {
        var id = await CreatedIdAsync("/api/admin/action-items", """{"title": "Train site leads", "dueDate": "2026-03-27"}""");
        var count = app.Get<ActionPlanStore>().All().Count;

        // "ownerEmial" for ownerEmail: the item was added with no owner, and nobody was reminded of it.
        await RefusedAsync(HttpMethod.Post, "/api/admin/action-items", """{"title": "Book rooms", "ownerEmial": "lena@example.org"}""", "ownerEmial",
            "ownerEmial: this address does not take it; it takes title, description, phase, ownerId, ownerEmail, dueDate, repeatEveryWeeks, repeatOn, preRead. Nothing was changed.");
        // "reason" for blockedReason: the item turned blocked with no word of what blocks it.
        await RefusedAsync(HttpMethod.Patch, $"/api/admin/action-items/{id}", """{"status": "blocked", "reason": "No rooms free"}""", "reason",
            "reason: this address does not take it; it takes title, description, phase, ownerId, ownerEmail, clearOwner, dueDate, status, blockedReason, " +
            "note, remindDaysBefore, repeatEveryWeeks, repeatOn, preRead, clearDueDate. Nothing was changed.");

        Assert.Equal(count, app.Get<ActionPlanStore>().All().Count);
        Assert.Equal(ItemStatus.NotStarted, app.Get<ActionPlanStore>().Find(id)!.Status);
    }

    [Fact]
    public async Task Update_drafts_their_preview_schedule_and_test_send_refuse_a_misspelt_field_and_nothing_changes()
    {
        var id = await CreatedIdAsync("/api/admin/updates", """{"title": "Week 12", "body": "Sessions resume Monday.", "audience": {"roles": ["tutor"]}}""");
        const string audienceTakes = "it takes roles, sites, partners, people, interestedIn, languages. Nothing was changed.";

        // {"roles": ["tutor"], "site": ["Lincoln"]}: saved for every tutor, Grant's as well, where Lincoln's alone were meant.
        await RefusedAsync(HttpMethod.Post, "/api/admin/updates", """{"title": "Lincoln only", "body": "Room 12 is closed.", "audience": {"roles": ["tutor"], "site": ["Lincoln"]}}""",
            "audience.site", "audience.site: audience does not take it; " + audienceTakes);
        await RefusedAsync(HttpMethod.Post, "/api/admin/updates/preview", """{"title": "Lincoln only", "body": "Room 12 is closed.", "audience": {"site": ["Lincoln"]}}""",
            "audience.site", "audience.site: audience does not take it; " + audienceTakes);
        await RefusedAsync(HttpMethod.Patch, $"/api/admin/updates/{id}", """{"titel": "Week 12: sessions resume Tuesday"}""", "titel",
            "titel: this address does not take it; it takes title, body, imageUrl, links, audience, urgent, seriesId, imageAlt. Nothing was changed.");
        await RefusedAsync(HttpMethod.Put, $"/api/admin/updates/{id}/schedule", """{"weekly": {"day": "Monday", "tme": "08:00"}}""", "weekly.tme",
            "weekly.tme: weekly does not take it; it takes day, time. Nothing was changed.");
        await RefusedAsync(HttpMethod.Post, $"/api/admin/updates/{id}/test-send", """{"person": "someone"}""", "person",
            "person: this address does not take it; it takes personId. Nothing was changed.");

        var updates = app.Get<UpdateStore>().Page(0, 10).Updates;
        var draft = Assert.Single(updates);
        Assert.Equal(("Week 12", null), (draft.Title, draft.NextAt));
        Assert.Equal(0, app.Get<OutboxStore>().CountByState().Values.Sum());
    }

    [Fact]
    public async Task A_correction_refuses_a_misspelt_field_and_the_update_stays_as_sent()
    {
        var id = await CreatedIdAsync("/api/admin/updates", """{"title": "Week 12", "body": "Sessions resume Monday.", "audience": {"roles": ["tutor"]}}""");
        var sentAt = app.Time.GetUtcNow().UtcDateTime;
        app.Get<UpdateStore>().Change(id, u => u with { Status = UpdateStatus.Sent, SentAt = sentAt });

        // "text" for body: the correction went out with the title changed and the wrong day left in every chat.
        await RefusedAsync(HttpMethod.Post, $"/api/admin/updates/{id}/correct", """{"title": "Week 12 (corrected)", "text": "Sessions resume Tuesday."}""", "text",
            "text: this address does not take it; it takes title, body, imageUrl, links, audience, urgent, seriesId, imageAlt. Nothing was changed.");

        var update = app.Get<UpdateStore>().Find(id)!;
        Assert.Equal(("Week 12", "Sessions resume Monday.", 0), (update.Title, update.Body, update.Revision));
    }

    [Fact]
    public async Task A_series_refuses_a_misspelt_field_on_create_and_on_change_and_nothing_changes()
    {
        var id = await CreatedIdAsync("/api/admin/series", """{"name": "Tutor newsletter", "rhythm": "weekly", "day": "Monday", "time": "08:00", "audience": {"roles": ["tutor"]}}""");
        const string takes = "it takes name, rhythm, day, time, audience, startsOn, active. Nothing was changed.";

        // "startOn" for startsOn: the series started this week, not after spring break.
        await RefusedAsync(HttpMethod.Post, "/api/admin/series", """{"name": "Leads", "rhythm": "weekly", "day": "Monday", "time": "08:00", "audience": {"roles": ["central-team"]}, "startOn": "2026-04-06"}""",
            "startOn", "startOn: this address does not take it; " + takes);
        // "paused" for active: false: the series went on sending.
        await RefusedAsync(HttpMethod.Patch, $"/api/admin/series/{id}", """{"time": "09:00", "paused": true}""", "paused", "paused: this address does not take it; " + takes);

        var series = Assert.Single(app.Get<SeriesStore>().All());
        Assert.Equal(new TimeOnly(8, 0), series.Slot.Time);
        Assert.Null(series.StoppedAt);
    }

    [Fact]
    public async Task Surveys_and_their_runs_refuse_a_misspelt_field_and_nothing_is_saved_or_sent()
    {
        // "requierd" inside a question: the question was saved as optional.
        await RefusedAsync(HttpMethod.Post, "/api/admin/surveys", """{"title": "Pulse", "intro": "Two minutes.", "questions": [{"id": "q1", "text": "Staying?", "type": "YesNoUnsure", "requierd": true}]}""",
            "questions[0].requierd", "questions[0].requierd: questions[0] does not take it; it takes id, text, type, required, options. Nothing was changed.");
        Assert.Empty(app.Get<SurveyStore>().AllSurveys());

        var survey = await CreatedIdAsync("/api/admin/surveys", """{"template": "retention-pulse"}""");
        // "remindEveryDays" for reminderEveryDays: nobody who had not answered was reminded.
        await RefusedAsync(HttpMethod.Post, $"/api/admin/surveys/{survey}/runs", """{"audience": {"roles": ["tutor"]}, "closesAt": "2026-03-20T17:00", "remindEveryDays": 2}""",
            "remindEveryDays", "remindEveryDays: this address does not take it; it takes audience, opensAt, closesAt, anonymous, reminderEveryDays, maxReminders, repeatEveryWeeks. Nothing was changed.");
        Assert.Empty(app.Get<SurveyStore>().RunsOf(survey));
        Assert.Equal(0, app.Get<OutboxStore>().CountByState().Values.Sum());
    }

    [Fact]
    public async Task A_thank_you_refuses_a_misspelt_field_and_nobody_is_thanked()
    {
        // "sites" inside the audience misspelt: every tutor was thanked for Lincoln's week.
        await RefusedAsync(HttpMethod.Post, "/api/admin/appreciation", """{"message": "Thank you for a great week!", "audience": {"roles": ["tutor"], "site": ["Lincoln"]}}""",
            "audience.site", "audience.site: audience does not take it; it takes roles, sites, partners, people, interestedIn, languages. Nothing was changed.");

        Assert.Equal(0, app.Get<OutboxStore>().CountByState().Values.Sum());
    }

    [Fact]
    public async Task Calendar_and_program_phase_refuse_a_field_they_do_not_take_and_nothing_changes()
    {
        var first = (await (await admin.PostAsJsonAsync("/api/admin/calendar", new { name = "Spring break", kind = "break", first = "2026-03-23", last = "2026-03-27" }, Ct))
            .Content.ReadFromJsonAsync<JsonObject>(Ct))!;

        // An id, as a script that read the entry sends it to move it: a second spring break was added beside the first.
        await RefusedAsync(HttpMethod.Post, "/api/admin/calendar", $$"""{"id": "{{first["id"]}}", "name": "Spring break", "kind": "break", "first": "2026-03-30", "last": "2026-04-03"}""",
            "id", "id: this address does not take it; it takes name, kind, first, last. Nothing was changed.");
        var entry = Assert.Single(app.Get<ProgramCalendar>().All());
        Assert.Equal(new DateOnly(2026, 3, 23), entry.First);

        var phaseBefore = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/program-phase", UriKind.Relative), Ct))!["phase"]?.ToJsonString();
        await RefusedAsync(HttpMethod.Put, "/api/admin/program-phase", """{"phase": "scaling-and-sustainability", "announce": true}""", "announce",
            "announce: this address does not take it; it takes phase. Nothing was changed.");
        var phaseAfter = (await admin.GetFromJsonAsync<JsonObject>(new Uri("/api/admin/program-phase", UriKind.Relative), Ct))!["phase"]?.ToJsonString();
        Assert.Equal(phaseBefore, phaseAfter);
    }
}
