using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using Microsoft.Extensions.Logging.Abstractions;

namespace HitBot.Core.Tests.Messaging;

public sealed class InteractionRouterTests
{
    sealed class Routes(Action<InteractionRouter> register) : IInteractionRoutes
    {
        public void Register(InteractionRouter router) => register(router);
    }

    static InteractionRouter Router(params Action<InteractionRouter>[] registrations) =>
        new(registrations.Select(r => (IInteractionRoutes)new Routes(r)).Append(new HelpCommand()), NullLogger<InteractionRouter>.Instance);

    static readonly ChannelAddress From = new() { Channel = ChannelKind.Teams, UserId = "29:maya" };

    static readonly Person Maya = new() { Id = "maya", Name = "Maya" };

    static Interaction Command(string text, Person? person = null, bool unknown = false) =>
        new() { Verb = Interaction.CommandVerb, Text = text, From = From, Person = unknown ? null : person ?? Maya };

    [Fact]
    public void Two_features_cannot_claim_the_same_verb()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Router(
            r => r.MapVerb("item.status", _ => InteractionResult.Nothing),
            r => r.MapVerb("item.status", _ => InteractionResult.Nothing)));

        Assert.Contains("item.status", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("my items")]
    [InlineData("  My   Items! ")]
    [InlineData("/my items")]
    [InlineData("my items please")]
    public void Commands_are_matched_the_way_people_type_them(string typed)
    {
        var router = Router(r => r.MapCommand("my items", "List my items", (_, _) => InteractionResult.Notify("items")));

        Assert.Equal("items", router.Handle(Command(typed)).Notice);
    }

    [Fact]
    public void The_longest_matching_command_wins()
    {
        var router = Router(
            r => r.MapCommand("update", "x", (_, _) => InteractionResult.Notify("update")),
            r => r.MapCommand("update status", "y", (_, _) => InteractionResult.Notify("status")));

        Assert.Equal("status", router.Handle(Command("update status now")).Notice);
    }

    [Fact]
    public void Someone_not_on_the_roster_is_asked_to_see_their_coordinator_instead_of_getting_data()
    {
        var called = false;
        var router = Router(r => r.MapCommand("my items", "x", (_, _) => { called = true; return InteractionResult.Nothing; }));

        var result = router.Handle(Command("my items", unknown: true));

        Assert.False(called);
        Assert.Contains("ask your program coordinator", Assert.IsType<TextBlock>(Assert.Single(result.Reply!.Card.Body)).Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_works_for_everyone_and_lists_every_command()
    {
        var router = Router(r => r.MapCommand("my items", "List the action items you own", (_, _) => InteractionResult.Nothing));

        var result = router.Handle(Command("help", unknown: true));

        var facts = Assert.Single(result.Reply!.Card.Body.OfType<FactList>()).Facts;
        Assert.Contains(new Fact("my items", "List the action items you own"), facts);
        Assert.Contains(facts, f => f.Title == "help");
    }

    [Fact]
    public void Help_for_someone_who_left_the_program_lists_no_staff_commands_they_can_no_longer_use()
    {
        var router = Router(r => r.MapCommand("feedback inbox", "Read the feedback inbox", (_, _) => InteractionResult.Nothing,
            forRoles: [Roles.CentralTeam]));
        var left = Maya with { Roles = [Roles.CentralTeam], Inactive = true };

        var result = router.Handle(Command("help", left));

        var facts = Assert.Single(result.Reply!.Card.Body.OfType<FactList>()).Facts;
        Assert.DoesNotContain(facts, f => f.Title == "feedback inbox");
    }

    [Fact]
    public void Text_the_bot_does_not_understand_gets_the_help_card()
    {
        var router = Router();

        var result = router.Handle(Command("what is the weather"));

        Assert.Equal("What I can do", result.Reply?.Card.Title);
    }

    [Fact]
    public void A_button_whose_verb_nobody_owns_gets_a_plain_sentence()
    {
        var router = Router();

        var result = router.Handle(new Interaction { Verb = "gone.verb", From = From, Person = Maya });

        Assert.Equal("Sorry, this button no longer works. Type help to see what I can do.", result.Notice);
    }

    [Fact]
    public void The_form_behind_a_verb_is_built_from_the_submits_data()
    {
        var router = Router(r => r.MapForm("survey.answer", i => Message.Text("Form for " + i.Data["runId"])));

        var result = router.OpenForm(new Interaction { Verb = "survey.answer", From = From, Person = Maya, Data = new() { ["runId"] = "r42" } });

        Assert.Equal("Form for r42", result.UpdatedCard?.Summary);
    }

    [Fact]
    public void A_form_that_is_gone_or_was_never_registered_gets_one_plain_sentence()
    {
        var router = Router(r => r.MapForm("survey.answer", _ => null));

        var gone = router.OpenForm(new Interaction { Verb = "survey.answer", From = From, Person = Maya });
        var unknown = router.OpenForm(new Interaction { Verb = "nobody.owns", From = From, Person = Maya });

        Assert.Equal(InteractionRouter.FormGoneText, gone.Notice);
        Assert.Equal(InteractionRouter.FormGoneText, unknown.Notice);
    }

    [Fact]
    public void Someone_not_on_the_roster_gets_no_form()
    {
        var router = Router(r => r.MapForm("survey.answer", _ => Message.Text("secret form")));

        var result = router.OpenForm(new Interaction { Verb = "survey.answer", From = From, Person = null });

        Assert.Null(result.UpdatedCard);
        Assert.Contains("coordinator", Assert.IsType<TextBlock>(Assert.Single(result.Reply?.Card.Body ?? [])).Markdown, StringComparison.Ordinal);
    }

    sealed record RunData(string Run, string? Token = null);

    [Fact]
    public void A_button_gets_its_data_as_its_record_and_the_person_who_clicked()
    {
        var router = Router(r => r.MapVerb<RunData>("survey.answer", (_, person, data) => InteractionResult.Notify($"{person.Name} answers {data.Run}")));

        var result = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = Maya, Data = CardData.Of(new RunData("r42")) });

        Assert.Equal("Maya answers r42", result.Notice);
    }

    [Fact]
    public void A_button_whose_data_does_not_fit_its_record_gets_one_plain_sentence_and_its_feature_is_not_called()
    {
        var called = false;
        var router = Router(r => r.MapVerb<RunData>("survey.answer", (_, _, _) => { called = true; return InteractionResult.Nothing; }));

        var result = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = Maya, Data = new() { ["token"] = "t1" } });

        Assert.False(called);
        Assert.Equal(InteractionRouter.DamagedCardText, result.Notice);
    }

    [Fact]
    public void Someone_not_on_the_roster_who_clicks_a_button_is_asked_to_see_their_coordinator_whatever_its_data()
    {
        var router = Router(r => r.MapVerb<RunData>("survey.answer", (_, _, _) => InteractionResult.Notify("recorded")));

        var damaged = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = null });
        var whole = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = null, Data = CardData.Of(new RunData("r42")) });

        Assert.All([damaged, whole], result =>
            Assert.Equal(InteractionRouter.UnknownPersonText, Assert.IsType<TextBlock>(Assert.Single(result.Reply?.Card.Body ?? [])).Markdown));
    }

    [Fact]
    public void A_form_sent_as_its_own_card_is_answered_in_place_and_any_other_is_answered_with_a_new_message()
    {
        var router = Router(r => r.MapVerb<RunData>("survey.answer", (i, _, _) => InteractionResult.AnswerTo(i, Message.Text("Thanks"))));

        var ownCard = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = Maya, Data = CardData.Of(new RunData("r42"), answerInPlace: true) });
        var modal = router.Handle(new Interaction { Verb = "survey.answer", From = From, Person = Maya, Data = CardData.Of(new RunData("r42")) });

        Assert.Equal(("Thanks", null), (ownCard.UpdatedCard?.Summary, ownCard.Reply?.Summary));
        Assert.Equal((null, "Thanks"), (modal.UpdatedCard?.Summary, modal.Reply?.Summary));
    }
}
