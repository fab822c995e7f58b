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
/// Two coordinators open the same sent update and both correct it. The dashboard sends the whole title and text, so the
/// second correction, made from the page as it was, would put the first one's mistake back in every chat: it names the
/// text it read (<c>If-Match</c>) and is refused, with who corrected it first and when.
/// </summary>
public sealed class UpdateCorrectionConflictTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Friday = "Lincoln closes early on Friday.";
    const string Thursday = "Lincoln closes early on Thursday.";
    readonly HitBotApp app = new();
    HttpClient ana = null!, ben = null!;
    string updateId = "";

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
            ["title"] = "Early closing", ["body"] = Friday, ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        updateId = (string?)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))?["id"] ?? throw new InvalidOperationException("not created");
        (await admin.PostAsync(new Uri($"/api/admin/updates/{updateId}/send", UriKind.Relative), null, Ct)).EnsureSuccessStatusCode();
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
        var page = await who.GetAsync(new Uri($"/api/admin/updates/{updateId}", UriKind.Relative), Ct);
        page.EnsureSuccessStatusCode();
        return page.Headers.ETag ?? throw new InvalidOperationException("no ETag on the update");
    }

    /// <summary>As the dashboard's "Replace it in every chat…": the whole title and text, and the tag the page was read with.</summary>
    Task<HttpResponseMessage> CorrectAsync(HttpClient who, EntityTagHeaderValue? read, string title, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/admin/updates/{updateId}/correct", UriKind.Relative))
        {
            Content = JsonContent.Create(new JsonObject { ["title"] = title, ["body"] = body }),
        };
        if (read is not null) request.Headers.IfMatch.Add(read);
        return who.SendAsync(request, Ct);
    }

    [Fact]
    public async Task A_second_coordinators_correction_from_the_old_text_does_not_put_the_first_ones_mistake_back_in_every_chat()
    {
        var anaRead = await OpenAsync(ana);
        var benRead = await OpenAsync(ben);

        var anaCorrected = await CorrectAsync(ana, anaRead, "Early closing", Thursday);
        app.Time.Advance(TimeSpan.FromMinutes(3));
        // Ben only fixed the title; his page still holds Friday.
        var benCorrected = await CorrectAsync(ben, benRead, "Early closing at Lincoln", Friday);

        Assert.Equal(HttpStatusCode.OK, anaCorrected.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, benCorrected.StatusCode);
        var problem = await benCorrected.Content.ReadFromJsonAsync<JsonObject>(Ct);
        // 14:00 UTC is 08:00 in Chicago, the program's time zone.
        Assert.Equal("Ana Reyes corrected this update at 08:00 on Mon 2 Mar (program time), after you opened it, so your correction was not " +
            "made: people's chats show their text. Reload the page to see it, then make your correction again.", (string?)problem?["title"]);
        Assert.Equal("Ana Reyes", (string?)problem?["correctedBy"]);
        var update = app.Get<UpdateStore>().Find(updateId)!;
        Assert.Equal((Thursday, "Early closing", 1), (update.Body, update.Title, update.Revision));

        // Reloaded, Ben's title goes in on top of Ana's Thursday.
        var benAgain = await CorrectAsync(ben, await OpenAsync(ben), "Early closing at Lincoln", Thursday);
        Assert.Equal(HttpStatusCode.OK, benAgain.StatusCode);
        update = app.Get<UpdateStore>().Find(updateId)!;
        Assert.Equal((Thursday, "Early closing at Lincoln", 2), (update.Body, update.Title, update.Revision));
    }

    [Fact]
    public async Task The_refused_correction_gets_the_colleagues_text_and_its_tag_so_the_typed_one_can_replace_it_knowingly_without_a_reload()
    {
        var anaRead = await OpenAsync(ana);
        var benRead = await OpenAsync(ben);
        (await CorrectAsync(ana, anaRead, "Early closing", Thursday)).EnsureSuccessStatusCode();

        var refused = await CorrectAsync(ben, benRead, "Early closing at Lincoln", Friday);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal((Thursday, "Early closing"), ((string?)problem?["current"]?["body"], (string?)problem?["current"]?["title"]));
        var theirs = refused.Headers.ETag ?? throw new InvalidOperationException("no ETag of their correction");
        Assert.Equal(HttpStatusCode.OK, (await CorrectAsync(ben, theirs, "Early closing at Lincoln", Thursday)).StatusCode);
        Assert.Equal("Early closing at Lincoln", app.Get<UpdateStore>().Find(updateId)!.Title);
    }

    [Fact]
    public async Task The_same_correction_sent_twice_by_a_retrying_phone_is_answered_as_done_and_made_once()
    {
        var read = await OpenAsync(ana);

        var first = await CorrectAsync(ana, read, "Early closing", Thursday);
        var retried = await CorrectAsync(ana, read, "Early closing", Thursday);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(1, app.Get<UpdateStore>().Find(updateId)!.Revision);
    }

    [Fact]
    public async Task A_correction_without_if_match_is_made_as_before()
    {
        (await CorrectAsync(ana, null, "Early closing", Thursday)).EnsureSuccessStatusCode();

        var scripted = await CorrectAsync(ben, null, "Early closing", "Lincoln closes early on Wednesday.");

        Assert.Equal(HttpStatusCode.OK, scripted.StatusCode);
        Assert.Equal("Lincoln closes early on Wednesday.", app.Get<UpdateStore>().Find(updateId)!.Body);
    }

    public ValueTask DisposeAsync()
    {
        app.Dispose();
        return ValueTask.CompletedTask;
    }
}
