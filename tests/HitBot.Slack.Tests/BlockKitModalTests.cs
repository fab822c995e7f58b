using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Slack.Tests;

public sealed class BlockKitModalTests
{
    static readonly SubmitAction Send = new("Send", "survey.answer", new() { ["runId"] = "r1" });

    static JsonObject Modal(CardElement input, string title = "Pulse") =>
        BlockKitRenderer.Modal(new Message("Pulse", new Card(title, [input], [Send])), "survey.answer", "{}");

    static JsonNode Element(JsonObject modal) => modal["blocks"]!.AsArray().Single(b => (string)b!["type"]! == "input")!["element"]!;

    static List<Choice> Choices(int count) => [.. Enumerable.Range(1, count).Select(i => new Choice($"Option {i}", $"o{i}"))];

    [Theory]
    [InlineData(10, false, "radio_buttons")]
    [InlineData(11, false, "static_select")]
    [InlineData(10, true, "checkboxes")]
    [InlineData(11, true, "multi_static_select")]
    public void A_choice_shows_all_options_up_to_ten_and_a_drop_down_beyond(int count, bool multiple, string element)
    {
        var modal = Modal(new ChoiceInput("q1", "Pick", Choices(count), Multiple: multiple));

        Assert.Equal(element, (string)Element(modal)["type"]!);
    }

    /// <summary>
    /// "Stop these messages" sat at the foot of the survey form, a thumb's width above Send on a phone: one tap opted the tutor
    /// out of everything, with the confirmation landing in the DM behind the form, which stayed open as if nothing happened.
    /// It stays on the survey's message, where its answer shows.
    /// </summary>
    [Fact]
    public void A_survey_form_opened_as_a_modal_has_no_stop_button_while_its_message_keeps_one()
    {
        var survey = new Message("Pulse", new Card("Pulse", [new ChoiceInput("intent", "Will you tutor next term?", Choices(3), Required: true)],
            [Send, HitBot.Core.Directory.Chat.ConsentRoutes.StopAction()]));

        var modal = BlockKitRenderer.Modal(survey, "survey.answer", "{}").ToJsonString();
        var message = BlockKitRenderer.Message(survey).ToJsonString();

        Assert.DoesNotContain("Stop these messages", modal, StringComparison.Ordinal);
        Assert.Contains("Stop these messages", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_compact_choice_is_a_drop_down_even_with_few_options()
    {
        Assert.Equal("static_select", (string)Element(Modal(new ChoiceInput("q1", "Pick", Choices(3), Style: ChoiceStyle.Compact)))["type"]!);
    }

    [Fact]
    public void A_choice_with_more_than_100_options_is_refused()
    {
        Assert.Throws<BlockKitLimitException>(() => Modal(new ChoiceInput("q1", "Pick", Choices(101), Style: ChoiceStyle.Compact)));
    }

    [Fact]
    public void An_input_block_is_keyed_by_the_input_id_and_optional_unless_required()
    {
        var modal = Modal(new TextInput("q2", "What would help?", Multiline: true, MaxLength: 5000));

        var block = modal["blocks"]!.AsArray().Single()!;
        Assert.Equal("q2", (string)block["block_id"]!);
        Assert.True((bool)block["optional"]!);
        Assert.Equal(BlockKitRenderer.AnswerActionId, (string)block["element"]!["action_id"]!);
        Assert.Equal(BlockKitLimits.TextInputLength, (int)block["element"]!["max_length"]!);
    }

    [Fact]
    public void Current_answers_are_filled_in()
    {
        var single = Element(Modal(new ChoiceInput("q1", "Pick", Choices(3), Required: true, Value: "o2")));
        var multiple = Element(Modal(new ChoiceInput("q1", "Pick", Choices(3), Multiple: true, Value: "o1,o3")));
        var date = Element(Modal(new DateInput("d", "When?", Value: "2026-04-01")));

        Assert.Equal("o2", (string)single["initial_option"]!["value"]!);
        Assert.Equal(["o1", "o3"], multiple["initial_options"]!.AsArray().Select(o => (string)o!["value"]!));
        Assert.Equal("2026-04-01", (string)date["initial_date"]!);
    }

    /// <summary>
    /// The compose form's site picker lists each site by its name with its id (the name's slug) as the value: the longest
    /// name the roster takes must render, cut to Slack's option text with "…", never refused for its value.
    /// </summary>
    [Fact]
    public void The_longest_site_name_the_roster_takes_is_cut_in_the_site_picker_and_keeps_its_id()
    {
        // An emoji across the 74th character, where the cut falls: half of it would be text Slack refuses.
        var name = ("Frederick Douglass Academy of Science, Technology, Engineering and Mathem" + "🎓 Upper School").PadRight(Site.MaxNameLength, 'x');
        var compose = HitBot.Core.Updates.UpdateComposeCards.Compose("t", [new Site { Id = Slug.Of(name), Name = name }], []);

        var modal = BlockKitRenderer.Modal(compose, "update.compose", "{}");

        var option = modal["blocks"]!.AsArray().SelectMany(b => b?["element"]?["options"]?.AsArray() ?? [])
            .Single(o => (string)o!["value"]! == Slug.Of(name))!;
        var text = (string)option["text"]!["text"]!;
        Assert.True(text.Length <= BlockKitLimits.OptionText, text);
        Assert.StartsWith("Frederick Douglass Academy of Science, Technology, Engineering and", text, StringComparison.Ordinal);
        Assert.EndsWith("…", text, StringComparison.Ordinal);
        Assert.False(char.IsHighSurrogate(text[^2]), text);
    }

    [Fact]
    public void An_option_text_over_75_characters_is_cut_but_a_value_over_150_is_refused()
    {
        var longText = Element(Modal(new ChoiceInput("q1", "Pick", [new(new string('a', 100), "a")])));

        Assert.Equal(BlockKitLimits.OptionText, ((string)longText["options"]![0]!["text"]!["text"]!).Length);
        Assert.Equal(150, ((string)Element(Modal(new ChoiceInput("q1", "Pick", [new("A", new string('a', 150))])))["options"]![0]!["value"]!).Length);
        Assert.Throws<BlockKitLimitException>(() => Modal(new ChoiceInput("q1", "Pick", [new("A", new string('a', 151))])));
    }

    [Fact]
    public void The_modal_title_fits_in_24_characters_and_a_longer_card_title_is_repeated_as_a_header()
    {
        var modal = Modal(new DateInput("d", "When?"), title: "Spring retention pulse for tutors");

        Assert.Equal("Spring retention pulse…", (string)modal["title"]!["text"]!);
        Assert.Equal("Spring retention pulse for tutors", (string)modal["blocks"]![0]!["text"]!["text"]!);
        Assert.Equal("Send", (string)modal["submit"]!["text"]!);
        Assert.Equal("survey.answer", (string)modal["callback_id"]!);
    }

    [Fact]
    public void Private_metadata_over_3000_characters_is_refused()
    {
        var message = new Message("Pulse", new Card("Pulse", [new DateInput("d", "When?")], [Send]));

        var error = Assert.Throws<BlockKitLimitException>(() => BlockKitRenderer.Modal(message, "survey.answer", new string('m', 3001)));

        Assert.Contains("private_metadata", error.Message, StringComparison.Ordinal);
    }
}
