using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Two coordinators (or two tabs) open the same draft and both save: the second save names the draft as it read it
/// (<c>If-Match</c>, as the dashboard sends) and is refused, with who saved first and when, instead of silently replacing it.
/// </summary>
public sealed class UpdateDraftConflictTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    readonly HitBotApp app = new();
    HttpClient ana = null!, ben = null!;
    string draftId = "";

    public async ValueTask InitializeAsync()
    {
        var admin = app.CreateAdminClient();
        using var roster = new StringContent(
            "name,email,role,site,partner\nAna Reyes,ana@example.org,central-team,,\nBen Okafor,ben@example.org,central-team,,\nMaya Lopez,maya@example.org,tutor,,\n",
            Encoding.UTF8, "text/csv");
        (await admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), roster, Ct)).EnsureSuccessStatusCode();
        ana = await CoordinatorAsync(admin, "ana@example.org");
        ben = await CoordinatorAsync(admin, "ben@example.org");
        var created = await admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        draftId = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("not created");
    }

    async Task<HttpClient> CoordinatorAsync(HttpClient admin, string email)
    {
        var id = app.Get<DirectoryStore>().FindByEmail(email)!.Id;
        var issued = await admin.PostAsync(new Uri($"/api/admin/people/{id}/api-token", UriKind.Relative), null, Ct);
        var token = (string?)(await issued.Content.ReadFromJsonAsync<JsonObject>(Ct))?["token"] ?? throw new InvalidOperationException("no token");
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    async Task<EntityTagHeaderValue> OpenAsync(HttpClient who)
    {
        var page = await who.GetAsync(new Uri($"/api/admin/updates/{draftId}", UriKind.Relative), Ct);
        page.EnsureSuccessStatusCode();
        return page.Headers.ETag ?? throw new InvalidOperationException("no ETag on the draft");
    }

    Task<HttpResponseMessage> SaveAsync(HttpClient who, EntityTagHeaderValue? read, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/admin/updates/{draftId}", UriKind.Relative))
        {
            Content = JsonContent.Create(new JsonObject { ["title"] = "Week 12", ["body"] = body }),
        };
        if (read is not null) request.Headers.IfMatch.Add(read);
        return who.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_draft_whose_image_description_a_colleague_changed_is_not_saved_over()
    {
        var benRead = await OpenAsync(ben);
        var described = await ana.PatchAsJsonAsync($"/api/admin/updates/{draftId}", new JsonObject
        {
            ["imageUrl"] = "https://example.org/week12.png", ["imageAlt"] = "Tutors reading with students",
        }, Ct);
        described.EnsureSuccessStatusCode();
        Assert.Equal("Tutors reading with students", app.Get<UpdateStore>().Find(draftId)!.ImageAlt); // an edit keeps what it is given
        var benEdit = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/admin/updates/{draftId}", UriKind.Relative))
        {
            Content = JsonContent.Create(new JsonObject { ["imageAlt"] = "A photo" }),
        };
        benEdit.Headers.IfMatch.Add(benRead);

        var benSaved = await ben.SendAsync(benEdit, Ct);

        Assert.Equal(HttpStatusCode.Conflict, benSaved.StatusCode);
        Assert.Equal("Tutors reading with students", app.Get<UpdateStore>().Find(draftId)!.ImageAlt);
    }

    [Fact]
    public async Task The_second_of_two_coordinators_saving_the_same_draft_is_told_who_saved_it_first_and_when_and_nothing_is_lost()
    {
        var anaRead = await OpenAsync(ana);
        var benRead = await OpenAsync(ben);

        var anaSaved = await SaveAsync(ana, anaRead, "Sessions resume Monday in room 4.");
        app.Time.Advance(TimeSpan.FromMinutes(3));
        var benSaved = await SaveAsync(ben, benRead, "Sessions resume Monday. Bring your badge.");

        Assert.Equal(HttpStatusCode.OK, anaSaved.StatusCode);
        Assert.NotEqual(anaRead, anaSaved.Headers.ETag);
        Assert.Equal(HttpStatusCode.Conflict, benSaved.StatusCode);
        var problem = await benSaved.Content.ReadFromJsonAsync<JsonObject>(Ct);
        // 14:00 UTC is 08:00 in Chicago, the program's time zone.
        Assert.Equal("Ana Reyes saved this draft at 08:00 on Mon 2 Mar (program time), after you opened it, so your change was not saved. " +
            "Reload the page to see their version, then make your change again.", (string?)problem?["title"]);
        Assert.Equal("Ana Reyes", (string?)problem?["savedBy"]);
        var draft = app.Get<UpdateStore>().Find(draftId)!;
        Assert.Equal("Sessions resume Monday in room 4.", draft.Body);

        // Reloaded, Ben's change goes in on top of Ana's.
        var benAgain = await SaveAsync(ben, await OpenAsync(ben), "Sessions resume Monday in room 4. Bring your badge.");
        Assert.Equal(HttpStatusCode.OK, benAgain.StatusCode);
        Assert.Equal("Sessions resume Monday in room 4. Bring your badge.", app.Get<UpdateStore>().Find(draftId)!.Body);
    }

    [Fact]
    public async Task The_refused_save_gets_the_colleagues_draft_and_its_tag_so_the_coordinators_text_can_replace_it_knowingly_without_a_reload()
    {
        var anaRead = await OpenAsync(ana);
        var benRead = await OpenAsync(ben);
        (await SaveAsync(ana, anaRead, "Sessions resume Monday in room 4.")).EnsureSuccessStatusCode();

        var refused = await SaveAsync(ben, benRead, "Sessions resume Monday. Bring your badge.");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("Sessions resume Monday in room 4.", (string?)problem?["current"]?["body"]);
        var theirs = refused.Headers.ETag ?? throw new InvalidOperationException("no ETag of their version");
        var replaced = await SaveAsync(ben, theirs, "Sessions resume Monday. Bring your badge.");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("Sessions resume Monday. Bring your badge.", app.Get<UpdateStore>().Find(draftId)!.Body);
    }

    [Fact]
    public async Task The_same_save_sent_twice_by_a_retrying_client_is_answered_as_done()
    {
        var read = await OpenAsync(ana);

        var first = await SaveAsync(ana, read, "Sessions resume Monday in room 4.");
        var retried = await SaveAsync(ana, read, "Sessions resume Monday in room 4.");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(first.Headers.ETag, retried.Headers.ETag);
    }

    [Fact]
    public async Task A_save_without_if_match_still_saves_as_before()
    {
        await OpenAsync(ana);
        (await SaveAsync(ben, null, "Sessions resume Monday. Bring your badge.")).EnsureSuccessStatusCode();

        var scripted = await SaveAsync(ana, null, "Sessions resume Tuesday.");

        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
        Assert.Equal("Sessions resume Tuesday.", app.Get<UpdateStore>().Find(draftId)!.Body);
    }

    public ValueTask DisposeAsync()
    {
        app.Dispose();
        return ValueTask.CompletedTask;
    }
}
