using System.Net;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Erasure;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

public sealed class TeamsCardActionTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<TeamsTestApp> StartAsync() =>
        TeamsTestApp.StartAsync(services: s => s.AddSingleton<IInteractionRoutes, EchoRoutes>());

    [Fact]
    public async Task An_Action_Execute_answer_comes_back_as_the_new_card_in_the_invoke_response()
    {
        await using var teams = await StartAsync();
        var maya = teams.NewUser();

        var response = await teams.PostAsync(maya.Execute(EchoRoutes.Answer, new JsonObject { ["runId"] = "r42" }, "activity-9",
            new JsonObject { ["q1"] = "yes", ["q2"] = "a,c" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?.AsObject() ?? throw new InvalidOperationException("no body");
        Assert.Equal(200, body["statusCode"]?.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]?.GetValue<string>());
        var card = body["value"]?.AsObject() ?? throw new InvalidOperationException("no card");
        Assert.Equal("AdaptiveCard", card["type"]?.GetValue<string>());
        var facts = card["body"]?.AsArray().Single(e => e?["type"]?.GetValue<string>() == "FactSet")?["facts"]?.AsArray()
            .ToDictionary(f => f?["title"]?.GetValue<string>() ?? "", f => f?["value"]?.GetValue<string>() ?? "");
        Assert.Equal("r42", facts?["data.runId"]);
        Assert.Equal("yes", facts?["input.q1"]);
        Assert.Equal("a,c", facts?["input.q2"]);
    }

    [Fact]
    public async Task An_Action_Execute_card_naming_someone_erased_while_it_was_worked_out_does_not_show_their_name()
    {
        await using var teams = await TeamsTestApp.StartAsync(services: s => s.AddSingleton<IInteractionRoutes, NamesZelda>());
        teams.App.Get<RosterImport>().Import(new StringReader("name,email,role\nZelda Quill,zelda@example.org,tutor\n"), false);
        var zelda = teams.App.Get<DirectoryStore>().FindByEmail("zelda@example.org")!;
        // The route stands for a card worked out from a read made before her erasure: it still names her after it.
        NamesZelda.Id = zelda.Id;
        teams.App.Get<PersonErasure>().Erase(zelda.Id);

        var response = await teams.PostAsync(teams.NewUser().Execute(NamesZelda.Verb, [], "activity-7"));

        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Zelda", body, StringComparison.Ordinal);
        Assert.Contains(InteractionResult.AnswerChangedText, body, StringComparison.Ordinal);
    }

    /// <summary>A button whose new card names Zelda and declares it, as the cards that name people do.</summary>
    sealed class NamesZelda : IInteractionRoutes
    {
        public const string Verb = "names-zelda.click";
        public static string Id { get; set; } = "";

        public void Register(InteractionRouter router) => router.MapVerb(Verb,
            _ => InteractionResult.Update(Message.Text("Zelda Quill owns this item.")) with { Names = [Id] }, allowUnknownPeople: true);
    }

    [Fact]
    public async Task An_Action_Execute_answer_also_updates_the_stored_card_for_everyone()
    {
        await using var teams = await StartAsync();
        var maya = teams.NewUser();
        var invoke = maya.Execute(EchoRoutes.Answer, new JsonObject { ["runId"] = "r42" }, "activity-9");

        await teams.PostAsync(invoke);

        var put = Assert.Single(await teams.DeliveredAsync(), c => c.Method != "GET");
        Assert.Equal(("PUT", $"/amer/v3/conversations/{maya.ConversationId}/activities/activity-9"), (put.Method, put.Path));
        Assert.Equal("Thanks for answering", put.Body?["summary"]?.GetValue<string>());
    }

    [Fact]
    public async Task An_Action_Execute_with_a_notice_shows_it_as_a_message_under_the_card()
    {
        await using var teams = await StartAsync();

        var response = await teams.PostAsync(teams.NewUser().Execute(EchoRoutes.Notice, [], "activity-3"));

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"statusCode":200,"type":"application/vnd.microsoft.activity.message","value":"Thanks, noted."}"""), body));
        Assert.Equal(0, teams.QueuedCount());
    }

    [Fact]
    public async Task The_welcome_cards_button_answers_with_the_persons_items_in_the_chat()
    {
        await using var teams = await StartAsync();
        var maya = teams.NewUser();
        var invoke = maya.Execute(Interaction.CommandVerb, new JsonObject { ["text"] = "my items" }, "welcome-1");

        var response = await teams.PostAsync(invoke);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/vnd.microsoft.activity.message", body?["type"]?.GetValue<string>());
        var reply = Assert.Single(await teams.PostedActivitiesAsync());
        Assert.Contains("ask your program coordinator to add you", reply.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Action_Submit_fallback_updates_the_answered_card_in_place()
    {
        await using var teams = await StartAsync();
        var maya = teams.NewUser();
        var submit = maya.Submit(EchoRoutes.Answer, new JsonObject { ["runId"] = "r7" }, "activity-5", new JsonObject { ["q1"] = "no" });

        var response = await teams.PostAsync(submit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(Ct));
        var put = Assert.Single(await teams.DeliveredAsync(), c => c.Method != "GET");
        Assert.Equal(("PUT", $"/amer/v3/conversations/{maya.ConversationId}/activities/activity-5"), (put.Method, put.Path));
        Assert.Equal("Thanks for answering", put.Body?["summary"]?.GetValue<string>());
        Assert.Contains("\"input.q1\"", put.Body?.ToJsonString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resent_Action_Execute_is_answered_again_but_updates_the_card_once()
    {
        await using var teams = await StartAsync();
        var invoke = teams.NewUser().Execute(EchoRoutes.Answer, new JsonObject { ["runId"] = "r42" }, "activity-9");

        var first = await teams.PostAsync(invoke);
        var second = await teams.PostAsync(invoke);

        Assert.Equal(await first.Content.ReadAsStringAsync(Ct), await second.Content.ReadAsStringAsync(Ct));
        Assert.Single(await teams.DeliveredAsync(), c => c.Method != "GET");
    }

    [Fact]
    public async Task An_adaptive_card_invoke_that_is_not_Action_Execute_is_a_bad_request()
    {
        await using var teams = await StartAsync();
        var invoke = teams.NewUser().Invoke("adaptiveCard/action", new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Submit", ["verb"] = EchoRoutes.Answer },
        });

        var response = await teams.PostAsync(invoke);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/vnd.microsoft.error", body?["type"]?.GetValue<string>());
        Assert.Equal(0, teams.QueuedCount());
    }

    [Fact]
    public async Task Card_data_cannot_claim_to_be_someone_else()
    {
        await using var teams = await StartAsync();
        var maya = teams.NewUser();
        await teams.ImportRosterAsync("Maya Lopez,maya.spoof@example.org,tutor,,");

        var response = await teams.PostAsync(maya.Execute(EchoRoutes.Answer,
            new JsonObject { ["personId"] = "someone-else" }, "activity-1", new JsonObject { ["personId"] = "someone-else" }));

        var facts = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["value"]?["body"]?.AsArray()
            .Single(e => e?["type"]?.GetValue<string>() == "FactSet")?["facts"]?.AsArray();
        Assert.Contains(facts ?? [], f => f?["title"]?.GetValue<string>() == "person" && f["value"]?.GetValue<string>() == "unknown");
    }
}
