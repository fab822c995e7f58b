using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Editing a draft update and starting a new draft from an update, through the admin API.</summary>
public sealed class UpdateLifecycleTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    TeamsTestApp teams = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,\nKim Lee,kim@example.org,tutor,Grant,");
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    HttpClient Admin => teams.App.CreateAdminClient();
    UpdateStore Store => teams.App.Get<UpdateStore>();

    async Task<string> CreateAsync()
    {
        var response = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12: sessions resume Monday", ["body"] = "Thank you for a great term!",
            ["imageUrl"] = "https://example.org/banner.png",
            ["links"] = new JsonArray(new JsonObject { ["title"] = "Schedule", ["url"] = "https://example.org/schedule" }),
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string?)(await response.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("no id");
    }

    Task<HttpResponseMessage> PatchAsync(string id, JsonObject patch) => Admin.PatchAsJsonAsync($"/api/admin/updates/{id}", patch, Ct);

    Task<HttpResponseMessage> PostAsync(string path) => Admin.PostAsync(new Uri(path, UriKind.Relative), null, Ct);

    /// <summary>
    /// An audience that matched nobody (coaches at Lincoln, which has none) was sent with a 200, marked sent and locked:
    /// the coordinator had to write the update again. The dashboard and the chat form already stopped this.
    /// </summary>
    [Fact]
    public async Task Sending_an_update_whose_audience_matches_nobody_is_refused_and_leaves_the_draft_editable()
    {
        var id = await CreateAsync();
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(id, new JsonObject
        {
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("coach"), ["sites"] = new JsonArray("Lincoln") },
        })).StatusCode);

        var sent = await PostAsync($"/api/admin/updates/{id}/send");

        Assert.Equal(HttpStatusCode.Conflict, sent.StatusCode);
        Assert.Contains("matches nobody", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal((UpdateStatus.Draft, null), (Store.Find(id)!.Status, Store.Find(id)!.SentAt));
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(id, new JsonObject { ["audience"] = new JsonObject { ["sites"] = new JsonArray("Lincoln") } })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"/api/admin/updates/{id}/send")).StatusCode);
        Assert.Equal(1, (await teams.App.CreateAdminClient().GetFromJsonAsync<JsonObject>($"/api/admin/updates/{id}", Ct))!["report"]!["matched"]!.GetValue<int>());
    }

    /// <summary>
    /// A site typed wrong beside a right one ("Lincoln", "Grnat") reached Lincoln's tutors and, without a word, none of
    /// Grant's. The send is refused naming the site and the roster's sites; nothing goes, and the draft stays editable.
    /// </summary>
    [Fact]
    public async Task Sending_to_a_site_the_roster_does_not_have_is_refused_naming_it_and_nothing_goes()
    {
        var id = await CreateAsync();
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(id, new JsonObject { ["audience"] = new JsonObject { ["sites"] = new JsonArray("Lincoln", "Grnat") } })).StatusCode);

        var sent = await PostAsync($"/api/admin/updates/{id}/send");
        var scheduled = await Admin.PutAsJsonAsync($"/api/admin/updates/{id}/schedule", new JsonObject { ["at"] = "2026-03-04T09:00" }, Ct);

        Assert.Equal((HttpStatusCode.Conflict, HttpStatusCode.Conflict), (sent.StatusCode, scheduled.StatusCode));
        Assert.Contains("'Grnat' is not a site on the roster (its sites: Grant, Lincoln)", await sent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Contains("Nothing was scheduled: 'Grnat'", await scheduled.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Null(Store.Find(id)!.Schedule);
        Assert.Equal(UpdateStatus.Draft, Store.Find(id)!.Status);
        Assert.Empty(teams.App.Get<HitBot.Core.Messaging.Outbox.OutboxStore>().ForCampaign("update:" + id));
    }

    [Fact]
    public async Task Editing_a_draft_changes_the_fields_given_and_keeps_the_rest()
    {
        var id = await CreateAsync();

        var edited = await PatchAsync(id, new JsonObject { ["title"] = "Week 12: sessions resume Tuesday", ["imageUrl"] = "" });

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var update = Store.Find(id)!;
        Assert.Equal(("Week 12: sessions resume Tuesday", "Thank you for a great term!", null, UpdateStatus.Draft),
            (update.Title, update.Body, update.ImageUrl, update.Status));
        Assert.Equal("Schedule", Assert.Single(update.Links).Title);
    }

    [Fact]
    public async Task An_edit_with_a_bad_field_is_refused_field_by_field_and_changes_nothing()
    {
        var id = await CreateAsync();

        var bad = await PatchAsync(id, new JsonObject
        {
            ["title"] = new string('x', Update.MaxTitle + 1),
            ["links"] = new JsonArray(new JsonObject { ["title"] = "Schedule", ["url"] = "http://example.org/plain" }),
        });

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problems = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Contains("title: at most", problems, StringComparison.Ordinal);
        Assert.Contains("links[0].url", problems, StringComparison.Ordinal);
        Assert.Equal("Week 12: sessions resume Monday", Store.Find(id)!.Title);
    }

    [Fact]
    public async Task A_sent_update_cannot_be_edited_and_the_refusal_says_to_correct_it_or_duplicate_it()
    {
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");

        var edit = await PatchAsync(id, new JsonObject { ["title"] = "Changed after sending" });

        Assert.Equal(HttpStatusCode.Conflict, edit.StatusCode);
        var refusal = await edit.Content.ReadAsStringAsync(Ct);
        Assert.Contains("correct it", refusal, StringComparison.Ordinal); // what fixes the copies people already have
        Assert.Contains("duplicate it", refusal, StringComparison.Ordinal);
        Assert.Equal("Week 12: sessions resume Monday", Store.Find(id)!.Title);
    }

    [Fact]
    public async Task Duplicating_a_sent_update_makes_a_new_draft_with_the_same_content_and_audience()
    {
        var id = await CreateAsync();
        await PostAsync($"/api/admin/updates/{id}/send");

        var duplicated = await PostAsync($"/api/admin/updates/{id}/duplicate");
        var missing = await PostAsync("/api/admin/updates/no-such-update/duplicate");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.NotFound), (duplicated.StatusCode, missing.StatusCode));
        var copyId = (string?)(await duplicated.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? "";
        var (original, copy) = (Store.Find(id)!, Store.Find(copyId)!);
        Assert.NotEqual(id, copyId);
        Assert.Equal(duplicated.Headers.Location?.ToString(), $"/api/admin/updates/{copyId}");
        Assert.Equal((original.Title, original.Body, original.ImageUrl, UpdateStatus.Draft, (DateTime?)null),
            (copy.Title, copy.Body, copy.ImageUrl, copy.Status, copy.SentAt));
        Assert.Equal(original.Links, copy.Links);
        Assert.Equal(original.Audience.Roles, copy.Audience.Roles);
    }
}
