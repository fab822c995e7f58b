using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// Two coordinators, Lena and Omar, both read the feedback inbox in Teams; Maya's question #1 waits there. Omar answers it;
/// then Lena presses "Reply to #1" on the inbox card she had, or sends the reply form she opened before Omar answered. Maya
/// must not get two answers from people who did not know of each other's: Lena is shown Omar's reply, and hers goes only
/// when she sends it knowing of it. Rosa, on the central team too, reads the inbox in Slack.
/// </summary>
public sealed class FeedbackReplyStaleCardTests : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    TwoChannelApp both = null!;
    TeamsTestApp teams => both.Teams;
    TeamsActivities maya = null!;
    TeamsActivities lena = null!;
    TeamsActivities omar = null!;

    public async ValueTask InitializeAsync()
    {
        both = await TwoChannelApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,lincoln,\nLena Park,lena@example.org,central team,,\n" +
            "Omar Diaz,omar@example.org,central team,,\nRosa Quinn,rosa@example.org,central team,,");
        (maya, lena, omar) = (Linked("maya@example.org"), Linked("lena@example.org"), Linked("omar@example.org"));
        teams.App.Get<PeopleDirectory>().Link(TwoChannelApp.SlackAddress("U1ROSA"), "rosa@example.org");
        await teams.PostAsync(maya.Text("feedback Can we get more grade 4 materials?"));
    }

    public ValueTask DisposeAsync() => both.DisposeAsync();

    TeamsActivities Linked(string email)
    {
        var user = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(both.TeamsAddress(user.UserId), email);
        return user;
    }

    FeedbackItem Item => teams.App.Get<FeedbackStore>().FindByNumber(1)!;

    List<Delivery> RepliesToMaya() => teams.App.Get<OutboxStore>().ForCampaign(FeedbackInbox.ReplyCampaignPrefix + Item.Id);

    /// <summary>The newest card HitBot posted in <paramref name="who"/>'s chat.</summary>
    async Task<JsonNode> LastCardInAsync(TeamsActivities who) =>
        (await teams.DeliveredAsync()).Last(c => c.Method == "POST" && c.Path.EndsWith("/activities", StringComparison.Ordinal)
            && c.Path.Contains(who.ConversationId, StringComparison.Ordinal) && c.Body?["attachments"] is not null).Body!["attachments"]![0]!["content"]!;

    static JsonObject Button(JsonNode card, string title) =>
        card["actions"]!.AsArray().Select(a => a!.AsObject()).Single(a => (string?)a["title"] == title);

    static List<string> Texts(JsonNode card) =>
        [.. card["body"]!.AsArray().Where(b => (string?)b?["type"] == "TextBlock").Select(b => (string)b!["text"]!)];

    async Task<HttpResponseMessage> PressAsync(TeamsActivities who, JsonObject button, string? reply = null) =>
        await teams.PostAsync(who.Execute((string)button["verb"]!, button["data"]!["d"]!.DeepClone().AsObject(), "card-1",
            reply is null ? null : new JsonObject { [FeedbackCards.TextInputId] = reply }));

    [Fact]
    public async Task Reply_on_an_inbox_card_read_before_another_coordinator_answered_shows_their_answer_before_the_form()
    {
        await teams.PostAsync(lena.Text("feedback inbox"));
        var inbox = await LastCardInAsync(lena);
        teams.App.Time.Advance(TimeSpan.FromMinutes(30));
        await teams.PostAsync(omar.Text("reply 1 Yes, a box arrives Monday."));

        (await PressAsync(lena, Button(inbox, "Reply to #1"))).EnsureSuccessStatusCode();

        var form = await LastCardInAsync(lena);
        // 14:30 UTC is 08:30 in Chicago, the program's time zone.
        Assert.Equal("**Already answered:** Omar Diaz replied at 08:30 on Mon 2 Mar: “Yes, a box arrives Monday.” " +
            "A reply you send here goes to the person who wrote it as well.", Texts(form)[1]);
        // Sent knowing of Omar's answer, Lena's follow-up goes.
        (await PressAsync(lena, Button(form, "Send reply"), "And a second box in April.")).EnsureSuccessStatusCode();
        Assert.Equal(2, RepliesToMaya().Count);
    }

    [Fact]
    public async Task A_reply_form_sent_after_another_coordinator_answered_sends_nothing_and_comes_back_with_their_answer_and_the_text()
    {
        await teams.PostAsync(lena.Text("feedback inbox"));
        (await PressAsync(lena, Button(await LastCardInAsync(lena), "Reply to #1"))).EnsureSuccessStatusCode();
        var form = await LastCardInAsync(lena);
        await teams.PostAsync(omar.Text("reply 1 Yes, a box arrives Monday."));

        var answer = await PressAsync(lena, Button(form, "Send reply"), "A box should arrive next week.");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Single(RepliesToMaya());
        Assert.Equal(["Yes, a box arrives Monday."], Item.Replies.Select(r => r.Text));
        // The form comes back in place of hers: Omar's answer above, her text still in the field.
        var again = JsonNode.Parse(await answer.Content.ReadAsStringAsync(Ct))!["value"]!;
        Assert.StartsWith("**Your reply was not sent:** Omar Diaz replied at 08:00 on Mon 2 Mar, after you opened this form: “Yes, a box arrives Monday.”",
            Texts(again)[1], StringComparison.Ordinal);
        Assert.Equal("A box should arrive next week.", (string?)again["body"]!.AsArray().Single(b => (string?)b?["type"] == "Input.Text")!["value"]);

        // Sent again from there, knowing of Omar's, it goes; pressed twice, once.
        (await PressAsync(lena, Button(again, "Send reply"), "A box should arrive next week.")).EnsureSuccessStatusCode();
        (await PressAsync(lena, Button(again, "Send reply"), "A box should arrive next week.")).EnsureSuccessStatusCode();
        Assert.Equal(["Yes, a box arrives Monday.", "A box should arrive next week."], Item.Replies.Select(r => r.Text));
        Assert.Equal(2, RepliesToMaya().Count);
    }

    [Fact]
    public async Task In_Slack_Reply_on_an_inbox_read_before_another_coordinator_answered_opens_a_form_that_shows_their_answer()
    {
        var inbox = await teams.Client.SendAsync(SlackRequests.Command("U1ROSA", "feedback inbox", teams.App.Time.GetUtcNow()), Ct);
        var reply = (await inbox.Content.ReadFromJsonAsync<JsonObject>(Ct))!["blocks"]!.AsArray().SelectMany(b => b?["elements"]?.AsArray() ?? [])
            .Single(e => (string?)e?["type"] == "button" && (string?)e["text"]?["text"] == "Reply to #1")!;
        await teams.PostAsync(omar.Text("reply 1 Yes, a box arrives Monday."));

        await teams.Client.SendAsync(SlackRequests.Interaction(
            SlackRequests.ButtonClick("U1ROSA", (string)reply["action_id"]!, (string)reply["value"]!), teams.App.Time.GetUtcNow()), Ct);

        var modal = Assert.Single(both.Slack.CallsTo("views.open")).Json["view"]!;
        Assert.Contains(Strings(modal), t => t.Contains("Omar Diaz replied at 08:00 on Mon 2 Mar: “Yes, a box arrives Monday.”", StringComparison.Ordinal));
    }

    /// <summary>Every text of a Slack view's blocks, as Rosa reads them.</summary>
    static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(kv => Strings(kv.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };
}
