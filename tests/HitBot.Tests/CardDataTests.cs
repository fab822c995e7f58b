using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>
/// A button's data is bound to its verb's record before any feature sees it: a card whose data does not fit (damaged, or
/// from an older HitBot) gets one plain sentence and changes nothing, on both platforms; someone not on the roster gets
/// the same answer as for typed commands; and every card HitBot sends carries data its verb can read back.
/// </summary>
public sealed class CardDataTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The seeded plan's data step, assigned to <paramref name="email"/>; returns its status and history as the admin API shows them.</summary>
    static async Task<string> AssignDataPlanAsync(HitBotApp app, string email)
    {
        var response = await app.CreateAdminClient().PatchAsJsonAsync("/api/admin/action-items/data-plan", new JsonObject { ["ownerEmail"] = email }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await DataPlanAsync(app);
    }

    static async Task<string> DataPlanAsync(HitBotApp app)
    {
        var item = await app.CreateAdminClient().GetFromJsonAsync<JsonObject>(new Uri("/api/admin/action-items/data-plan", UriKind.Relative), Ct);
        return $"{(string?)item?["status"]} · {item?["history"]?.ToJsonString()}";
    }

    [Fact]
    public async Task A_Teams_button_with_damaged_data_gets_one_plain_sentence_and_changes_nothing()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,");
        var maya = teams.NewUser();
        teams.App.Get<PeopleDirectory>().Link(new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = maya.UserId, ConversationId = maya.ConversationId, ServiceUrl = teams.Connector.ServiceUrl,
            TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
        }, "maya@example.org");
        var before = await AssignDataPlanAsync(teams.App, "maya@example.org");

        // "Done" as an older or tampered card would send it: the item, but not the status the verb needs.
        var response = await teams.PostAsync(maya.Execute(ActionItemCards.StatusVerb, new JsonObject { ["item"] = "data-plan" }, "card-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(JsonNode.DeepEquals(new JsonObject
        {
            ["statusCode"] = 200,
            ["type"] = "application/vnd.microsoft.activity.message",
            ["value"] = InteractionRouter.DamagedCardText,
        }, body));
        Assert.Equal(before, await DataPlanAsync(teams.App));
    }

    [Fact]
    public async Task A_Slack_button_with_damaged_data_gets_one_plain_sentence_and_changes_nothing()
    {
        await using var slack = await SlackTestApp.StartAsync();
        slack.AddToRoster("Maya Lopez", "maya@example.org");
        slack.Slack.AddUser("U1MAYA", "maya@example.org");
        var before = await AssignDataPlanAsync(slack.App, "maya@example.org");

        var response = await slack.Client.SendAsync(
            SlackRequests.Interaction(SlackRequests.ButtonClick("U1MAYA", ActionItemCards.StatusVerb + "#1", "not the card's data"), slack.Now), Ct);
        await slack.Slack.WaitForAsync(calls => calls.Any(c => c.Method == "chat.postMessage" && Mentions(c.Json, InteractionRouter.DamagedCardText)), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = Assert.Single(slack.Slack.CallsTo("chat.postMessage"), c => Mentions(c.Json, InteractionRouter.DamagedCardText));
        Assert.Equal("DU1MAYA", (string?)answer.Json["channel"]);
        Assert.Empty(slack.Slack.CallsTo("chat.update"));
        Assert.Equal(before, await DataPlanAsync(slack.App));
    }

    [Fact]
    public async Task Someone_not_on_the_roster_who_clicks_an_items_button_is_asked_to_see_their_coordinator_and_nothing_changes()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        await teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,");
        var before = await AssignDataPlanAsync(teams.App, "maya@example.org");
        var stranger = teams.NewUser();

        // Maya's own, well-formed "Done" forwarded to someone HitBot does not know.
        var response = await teams.PostAsync(stranger.Execute(ActionItemCards.StatusVerb,
            new JsonObject { ["item"] = "data-plan", ["status"] = "done" }, "card-1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Contains("ask your program coordinator to add you", reply.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(before, await DataPlanAsync(teams.App));
    }

    [Fact]
    public async Task Every_button_on_every_card_carries_data_its_verb_reads_back_unchanged()
    {
        await using var app = new HitBotApp();
        var router = app.Get<InteractionRouter>();
        var buttons = app.Services.GetServices<ICardSamples>().SelectMany(s => s.Samples())
            .SelectMany(s => s.Message.Card.Actions.OfType<SubmitAction>().Select(a => (Sample: s.Name, Action: a)))
            .Where(b => b.Action.Verb != Interaction.CommandVerb)
            .ToList();

        Assert.NotEmpty(buttons);
        Assert.All(buttons, b =>
        {
            Assert.True(router.Knows(b.Action.Verb), $"{b.Sample}: nobody owns {b.Action.Verb}");
            if (router.DataTypeOf(b.Action.Verb) is not { } record)
            {
                Assert.Empty(b.Action.Data);
                return;
            }
            Assert.True(CardData.TryRead(record, b.Action.Data, out var bound), $"{b.Sample}: {b.Action.Verb} does not bind to {record.Name}");
            Assert.Equal(b.Action.Data, CardData.Of(bound, answerInPlace: b.Action.Data.ContainsKey(CardData.InPlaceKey)));
        });
        // Every verb with a record is on some sample card, so none of them escapes this check.
        Assert.Empty(router.Verbs.Where(v => router.DataTypeOf(v) is not null).Except(buttons.Select(b => b.Action.Verb)));
    }

    static bool Mentions(JsonObject json, string text) => json.ToJsonString().Contains(text, StringComparison.Ordinal);
}
