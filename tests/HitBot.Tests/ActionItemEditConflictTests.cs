using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// The item's dashboard page, open while its owner presses "Done" in chat (or a colleague saves it): the page's save names
/// the item as it read it (<c>If-Match</c>, as the dashboard sends) and is refused, instead of setting a status over theirs.
/// </summary>
public sealed class ActionItemEditConflictTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Item = "data-plan";
    TeamsTestApp teams = null!;
    TeamsActivities ben = null!;
    HttpClient Admin => teams.App.CreateAdminClient();

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Ben Okafor,ben@example.org,site champion,Lincoln,");
        ben = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = ben.UserId, ConversationId = ben.ConversationId, ServiceUrl = teams.Connector.ServiceUrl,
            TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, "ben@example.org");
        (await Admin.PatchAsJsonAsync($"/api/admin/action-items/{Item}", new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-12" }, Ct))
            .EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    async Task<System.Net.Http.Headers.EntityTagHeaderValue> OpenAsync()
    {
        var page = await Admin.GetAsync(new Uri($"/api/admin/action-items/{Item}", UriKind.Relative), Ct);
        page.EnsureSuccessStatusCode();
        return page.Headers.ETag ?? throw new InvalidOperationException("no ETag on the item");
    }

    Task<HttpResponseMessage> SaveAsync(System.Net.Http.Headers.EntityTagHeaderValue? read, JsonObject edit)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"/api/admin/action-items/{Item}", UriKind.Relative)) { Content = JsonContent.Create(edit) };
        if (read is not null) request.Headers.IfMatch.Add(read);
        return Admin.SendAsync(request, Ct);
    }

    async Task<string> StatusAsync() =>
        (string?)(await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/action-items/{Item}", UriKind.Relative), Ct))?["status"] ?? "";

    [Fact]
    public async Task A_status_saved_from_a_page_opened_before_the_owner_pressed_Done_in_chat_is_refused_naming_him()
    {
        var read = await OpenAsync();
        (await teams.PostAsync(ben.Execute(ActionItemCards.OpenVerb, new JsonObject { ["item"] = Item }, "mine-1"))).EnsureSuccessStatusCode();
        var done = ((await teams.PostedActivitiesAsync()).Last()["attachments"]![0]!["content"]!["actions"]!.AsArray())
            .Single(a => (string?)a!["title"] == "Done")!;
        teams.App.Time.Advance(TimeSpan.FromMinutes(12));
        (await teams.PostAsync(ben.Execute((string)done["verb"]!, done["data"]!["d"]!.DeepClone().AsObject(), "card-1"))).EnsureSuccessStatusCode();

        var saved = await SaveAsync(read, new JsonObject { ["status"] = "in-progress", ["note"] = "Chased the principals" });

        Assert.Equal(HttpStatusCode.Conflict, saved.StatusCode);
        var problem = await saved.Content.ReadFromJsonAsync<JsonObject>(Ct);
        Assert.Equal("Ben Okafor changed this item at 08:12 on Mon 2 Mar (program time), after you opened it, so your change was not saved. " +
            "Reload the page to see it as it is now, then make your change again.", (string?)problem?["title"]);
        Assert.Equal("done", await StatusAsync());

        // Reloaded, the page's change goes in.
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(await OpenAsync(), new JsonObject { ["status"] = "in-progress" })).StatusCode);
        Assert.Equal("in-progress", await StatusAsync());
    }

    [Fact]
    public async Task A_refused_save_gets_the_item_as_the_owner_left_it_and_its_tag_so_the_typed_change_can_replace_it_without_a_reload()
    {
        var read = await OpenAsync();
        (await Admin.PatchAsJsonAsync($"/api/admin/action-items/{Item}", new JsonObject { ["status"] = "done", ["dueDate"] = "2026-03-19" }, Ct))
            .EnsureSuccessStatusCode();

        var refused = await SaveAsync(read, new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No room at Lincoln" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var current = (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))?["current"];
        Assert.Equal(("done", "2026-03-19", "Ben Okafor"), ((string?)current?["status"], (string?)current?["dueDate"], (string?)current?["owner"]?["name"]));
        var theirs = refused.Headers.ETag ?? throw new InvalidOperationException("no ETag of their version");
        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(theirs, new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No room at Lincoln" })).StatusCode);
        Assert.Equal("blocked", await StatusAsync());
    }

    [Fact]
    public async Task The_same_save_sent_twice_by_a_retrying_phone_is_answered_as_done_and_its_note_kept_once()
    {
        var read = await OpenAsync();
        var edit = new JsonObject { ["status"] = "in-progress", ["note"] = "Chased the principals" };

        var first = await SaveAsync(read, edit);
        var retried = await SaveAsync(read, edit.DeepClone().AsObject());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, retried.StatusCode));
        var item = await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/action-items/{Item}", UriKind.Relative), Ct);
        Assert.Single(item!["history"]!.AsArray(), h => (string?)h!["text"] == "Note: Chased the principals");
    }

    [Fact]
    public async Task A_save_without_if_match_is_made_as_before()
    {
        await OpenAsync();
        (await Admin.PatchAsJsonAsync($"/api/admin/action-items/{Item}", new JsonObject { ["status"] = "done" }, Ct)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await SaveAsync(null, new JsonObject { ["status"] = "blocked", ["blockedReason"] = "No room" })).StatusCode);
        Assert.Equal("blocked", await StatusAsync());
    }
}
