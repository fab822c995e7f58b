using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Ben owns "data-plan" and has its card in Teams; the central team changes the item on the dashboard; then Ben presses a
/// button on the card he had. The card showed a status the item no longer has, so the click is not recorded over the
/// dashboard's change: Ben is told who changed it and when, and gets the item as it is now.
/// </summary>
public sealed class ActionItemStaleCardTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Item = "data-plan";
    TeamsTestApp teams = null!;
    TeamsActivities ben = null!;

    public async ValueTask InitializeAsync()
    {
        teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Ben Okafor,ben@example.org,site champion,Lincoln,\nLena Park,lena@example.org,central team,,");
        ben = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = ben.UserId, ConversationId = ben.ConversationId, ServiceUrl = teams.Connector.ServiceUrl,
            TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, "ben@example.org");
        (await EditAsync(new JsonObject { ["ownerEmail"] = "ben@example.org", ["dueDate"] = "2026-03-12" })).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => teams.DisposeAsync();

    Task<HttpResponseMessage> EditAsync(JsonObject edit) => teams.App.CreateAdminClient().PatchAsJsonAsync($"/api/admin/action-items/{Item}", edit, Ct);

    async Task<string> StatusAsync() =>
        (string?)(await teams.App.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/action-items/{Item}", UriKind.Relative), Ct))?["status"]
        ?? throw new InvalidOperationException("no status");

    /// <summary>The item's card as Ben has it in his chat ("Update: …" from "my items"): its buttons by title.</summary>
    async Task<Func<string, JsonObject>> BensCardAsync()
    {
        (await teams.PostAsync(ben.Execute(ActionItemCards.OpenVerb, new JsonObject { ["item"] = Item }, "mine-1"))).EnsureSuccessStatusCode();
        return ButtonsOf((await teams.PostedActivitiesAsync()).Last());
    }

    static Func<string, JsonObject> ButtonsOf(JsonNode card)
    {
        var actions = (card["attachments"]?[0]?["content"] ?? card)["actions"]!.AsArray().Select(a => a!.AsObject()).ToList();
        return title => actions.Single(a => (string?)a["title"] == title);
    }

    /// <summary>Every text block of a card, as Ben reads them.</summary>
    static List<string> Texts(JsonNode card) =>
        [.. card.AsObject()["body"]!.AsArray().Where(b => (string?)b?["type"] == "TextBlock").Select(b => (string)b!["text"]!)];

    async Task<JsonNode> PressAsync(JsonObject button)
    {
        var response = await teams.PostAsync(ben.Execute((string)button["verb"]!, button["data"]!["d"]!.DeepClone().AsObject(), "card-1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["value"]!;
    }

    [Fact]
    public async Task In_progress_on_an_older_card_does_not_reopen_an_item_the_central_team_marked_done_and_says_who_did()
    {
        var button = await BensCardAsync();
        teams.App.Time.Advance(TimeSpan.FromMinutes(30));
        (await EditAsync(new JsonObject { ["status"] = "done" })).EnsureSuccessStatusCode();

        var answer = await PressAsync(button("In progress"));

        Assert.Equal("done", await StatusAsync());
        // 14:30 UTC is 08:30 in Chicago, the program's time zone (Ben has none of his own).
        Assert.Contains("The central team changed its status to Done at 08:30 on Mon 2 Mar, after this card was sent, so your \"In progress\" was not recorded. " +
            "It is closed now: ask the central team to open it again if it is not finished.", Texts(answer));
    }

    [Fact]
    public async Task In_progress_on_an_older_card_does_not_unblock_an_item_and_the_card_it_gets_back_records_the_next_press()
    {
        var button = await BensCardAsync();
        (await EditAsync(new JsonObject { ["status"] = "blocked", ["blockedReason"] = "Waiting on the district's data-sharing agreement" })).EnsureSuccessStatusCode();

        var answer = await PressAsync(button("In progress"));

        Assert.Equal("blocked", await StatusAsync());
        Assert.Contains(Texts(answer), t => t.StartsWith("The central team changed its status to Blocked at 08:00 on Mon 2 Mar, after this card was sent", StringComparison.Ordinal));
        // The card he got back shows it blocked; pressed there, "In progress" is his answer to that, and is recorded.
        await PressAsync(ButtonsOf(answer)("In progress"));
        Assert.Equal("in-progress", await StatusAsync());
    }

    [Fact]
    public async Task Done_on_a_card_of_an_item_given_to_someone_else_since_says_to_whom_and_when_and_changes_nothing()
    {
        var button = await BensCardAsync();
        teams.App.Time.Advance(TimeSpan.FromMinutes(30));
        (await EditAsync(new JsonObject { ["ownerEmail"] = "lena@example.org" })).EnsureSuccessStatusCode();

        var answer = await teams.PostAsync(ben.Execute((string)button("Done")["verb"]!, button("Done")["data"]!["d"]!.DeepClone().AsObject(), "card-1"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("not-started", await StatusAsync());
        Assert.Contains("The central team gave this item to Lena Park at 08:30 on Mon 2 Mar, so nothing was changed. If it should be yours again, ask the central team.",
            await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Done_pressed_by_an_owner_who_has_left_the_program_says_so_and_changes_nothing()
    {
        var button = await BensCardAsync();
        var directory = teams.App.Get<DirectoryStore>();
        directory.Change(directory.FindByEmail("ben@example.org")!.Id, p => p with { Inactive = true });

        var answer = await teams.PostAsync(ben.Execute((string)button("Done")["verb"]!, button("Done")["data"]!["d"]!.DeepClone().AsObject(), "card-1"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("not-started", await StatusAsync());
        Assert.Contains("You are no longer on the program's roster, so nothing was changed.", await answer.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Done_on_a_card_whose_item_nobody_changed_since_is_recorded_as_before()
    {
        var button = await BensCardAsync();
        (await EditAsync(new JsonObject { ["note"] = "Draft shared with the principals" })).EnsureSuccessStatusCode();

        var answer = await PressAsync(button("Done"));

        Assert.Equal("done", await StatusAsync());
        Assert.Contains("Marked as done: no more reminders for it. Thank you!", Texts(answer));
    }

    async Task<JsonNode> SubmitAsync(JsonObject button, string input, string text)
    {
        var response = await teams.PostAsync(ben.Execute((string)button["verb"]!, button["data"]!["d"]!.DeepClone().AsObject(), "form-1",
            new JsonObject { [input] = text }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["value"]!;
    }

    [Fact]
    public async Task Blocked_from_a_form_opened_before_the_central_team_marked_the_item_done_does_not_reopen_it_and_gives_the_reason_back()
    {
        // Teams sends the form as its own card, below the item's.
        await PressAsync((await BensCardAsync())("Blocked…"));
        var form = (await teams.PostedActivitiesAsync()).Last();
        teams.App.Time.Advance(TimeSpan.FromMinutes(30));
        (await EditAsync(new JsonObject { ["status"] = "done" })).EnsureSuccessStatusCode();

        var answer = await SubmitAsync(ButtonsOf(form)("Mark as blocked"), ActionItemCards.ReasonInput, "Waiting on the principals' sign-off");

        Assert.Equal("done", await StatusAsync());
        Assert.Contains("The central team changed its status to Done at 08:30 on Mon 2 Mar, after this card was sent, so your \"Blocked\" was not recorded. " +
            "It is closed now: ask the central team to open it again if it is not finished. What you wrote: Waiting on the principals' sign-off", Texts(answer));
    }

    [Fact]
    public async Task Blocked_on_an_older_card_does_not_replace_the_status_the_owner_set_on_a_newer_one()
    {
        var older = await BensCardAsync();
        await PressAsync((await BensCardAsync())("In progress"));

        var answer = await SubmitAsync(older("Blocked…"), ActionItemCards.ReasonInput, "No data yet");

        Assert.Equal("in-progress", await StatusAsync());
        Assert.Contains(Texts(answer), t => t.StartsWith("You changed its status to In progress at 08:00 on Mon 2 Mar, after this card was sent", StringComparison.Ordinal));
        // The card he got back offers Blocked… again, and that one is recorded.
        await SubmitAsync(ButtonsOf(answer)("Blocked…"), ActionItemCards.ReasonInput, "No data yet");
        Assert.Equal("blocked", await StatusAsync());
    }

    [Fact]
    public async Task Blocked_from_a_card_sent_before_cards_carried_their_status_is_recorded_as_before()
    {
        var answer = await SubmitAsync(new JsonObject { ["verb"] = ActionItemCards.BlockVerb, ["data"] = new JsonObject { ["d"] = new JsonObject { ["item"] = Item } } },
            ActionItemCards.ReasonInput, "No data yet");

        Assert.Equal("blocked", await StatusAsync());
        Assert.Contains(Texts(answer), t => t.StartsWith("Marked as blocked.", StringComparison.Ordinal));
    }
}
