using System.Text.Json.Nodes;
using HitBot.Core.Messaging;

namespace HitBot.Slack.Tests;

public sealed class BlockKitRendererTests
{
    static Message Card(string? title, List<CardElement> body, List<CardAction>? actions = null) =>
        new("A summary", new Card(title, body, actions ?? []));

    static List<JsonObject> Blocks(JsonObject surface) => [.. surface["blocks"]!.AsArray().Select(b => b!.AsObject())];

    static string Type(JsonNode? block) => (string)block!["type"]!;

    static string Text(JsonNode? block) => (string)block!["text"]!["text"]!;

    static string Words(int characters)
    {
        var words = new System.Text.StringBuilder();
        for (var i = 0; words.Length < characters; i++)
            words.Append(i % 40 == 39 ? "tutoring.\n\n" : "tutoring ");
        return words.ToString()[..characters];
    }

    [Fact]
    public void A_10000_character_update_is_split_into_sections_of_at_most_3000_characters()
    {
        var update = Words(10_000);

        var blocks = Blocks(BlockKitRenderer.Message(Card("Weekly update", [new TextBlock(update)])));

        var sections = blocks.Where(b => Type(b) == "section").ToList();
        Assert.True(sections.Count >= 4);
        Assert.All(sections, s => Assert.InRange(Text(s).Length, 1, BlockKitLimits.SectionText));
        Assert.True(blocks.Count <= BlockKitLimits.MessageBlocks);
        Assert.Equal(update.Count(c => c == 't'), sections.Sum(s => Text(s).Count(c => c == 't')));
    }

    [Fact]
    public void Sixty_facts_become_six_sections_of_ten_fields()
    {
        var facts = Enumerable.Range(1, 60).Select(i => new Fact($"Week {i}", $"{i} sessions")).ToList();

        var blocks = Blocks(BlockKitRenderer.Message(Card(null, [new FactList(facts)])));

        Assert.Equal(6, blocks.Count);
        Assert.All(blocks, b => Assert.Equal(10, b["fields"]!.AsArray().Count));
        Assert.Equal("*Week 1*\n1 sessions", (string)blocks[0]["fields"]![0]!["text"]!);
    }

    [Fact]
    public void A_message_over_fifty_blocks_is_cut_with_a_note_and_keeps_its_buttons()
    {
        var body = Enumerable.Range(1, 80).Select(i => (CardElement)new TextBlock($"Paragraph {i}")).ToList();
        var message = Card("Long one", body, [new SubmitAction("Mark done", "item.status", new() { ["id"] = "7" })]);

        var blocks = Blocks(BlockKitRenderer.Message(message));

        Assert.Equal(BlockKitLimits.MessageBlocks, blocks.Count);
        Assert.Equal("context", Type(blocks[^2]));
        Assert.Equal("…open HitBot's dashboard for the rest", (string)blocks[^2]["elements"]![0]!["text"]!);
        Assert.Equal("actions", Type(blocks[^1]));
    }

    [Fact]
    public void A_long_title_is_cut_to_150_characters_ending_with_an_ellipsis()
    {
        var title = new string('T', 400);

        var header = Blocks(BlockKitRenderer.Message(Card(title, [new TextBlock("Hello")])))[0];

        Assert.Equal("header", Type(header));
        Assert.Equal(BlockKitLimits.HeaderText, Text(header).Length);
        Assert.EndsWith("T…", Text(header), StringComparison.Ordinal);
    }

    [Fact]
    public void Script_tags_and_ampersands_are_escaped_in_blocks_and_in_the_notification_text()
    {
        var message = new Message("Q&A <today>", new Card(null, [new TextBlock("<script>alert(1)</script> & **Q&A**")], []));

        var rendered = BlockKitRenderer.Message(message);

        Assert.Equal("Q&amp;A &lt;today&gt;", (string)rendered["text"]!);
        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; &amp; *Q&amp;A*", Text(Blocks(rendered)[0]));
    }

    [Fact]
    public void Subtle_text_becomes_a_context_block()
    {
        var block = Blocks(BlockKitRenderer.Message(Card(null, [new TextBlock("Type **help**", Subtle: true)])))[0];

        Assert.Equal("context", Type(block));
        Assert.Equal("Type *help*", (string)block["elements"]![0]!["text"]!);
    }

    [Fact]
    public void A_button_whose_data_is_over_2000_characters_is_refused_with_a_clear_error()
    {
        var message = Card(null, [new TextBlock("Hi")], [new SubmitAction("Save", "item.status", new() { ["note"] = new string('x', 2000) })]);

        var error = Assert.Throws<BlockKitLimitException>(() => BlockKitRenderer.Message(message));

        Assert.Contains("'Save' button (item.status)", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most 2000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_submit_button_carries_its_verb_as_action_id_and_its_data_as_compact_json()
    {
        var message = Card(null, [new TextBlock("Hi")],
        [
            new SubmitAction("Done", "item.status", new() { ["status"] = "done", ["id"] = "é\"7" }, ActionStyle.Positive),
            new SubmitAction("Blocked", "item.status", new() { ["status"] = "blocked", ["id"] = "7" }, ActionStyle.Destructive),
            new OpenUrlAction("Guide", "https://example.org/guide"),
        ]);

        var buttons = Blocks(BlockKitRenderer.Message(message))[^1]["elements"]!.AsArray();

        Assert.Equal(["item.status", "item.status#2", "link"], buttons.Select(b => (string)b!["action_id"]!));
        Assert.Equal("""{"id":"é\"7","status":"done"}""", (string)buttons[0]!["value"]!);
        Assert.Equal(["primary", "danger"], buttons.Take(2).Select(b => (string)b!["style"]!));
        Assert.Equal("https://example.org/guide", (string)buttons[2]!["url"]!);
        Assert.Equal("item.status", BlockKitRenderer.VerbOf((string)buttons[1]!["action_id"]!));
    }

    [Theory]
    [InlineData("item.status", "item.status")]
    [InlineData("item.status#12", "item.status")]
    [InlineData("card.open", "card.open")]
    [InlineData("odd#verb", "odd#verb")]
    [InlineData("#3", "#3")]
    public void The_verb_is_read_back_from_an_action_id(string actionId, string verb)
    {
        Assert.Equal(verb, BlockKitRenderer.VerbOf(actionId));
    }

    [Fact]
    public void A_button_title_over_75_characters_is_cut()
    {
        var message = Card(null, [new TextBlock("Hi")], [new OpenUrlAction(new string('B', 100), "https://example.org")]);

        var button = Blocks(BlockKitRenderer.Message(message))[^1]["elements"]![0]!;

        Assert.Equal(BlockKitLimits.ButtonText, Text(button).Length);
    }

    [Fact]
    public void Inputs_in_a_message_become_one_open_to_answer_button_and_the_submit_moves_to_the_modal()
    {
        var message = SlackViewSamples.SampleForm();

        var blocks = Blocks(BlockKitRenderer.Message(message));

        Assert.DoesNotContain(blocks, b => Type(b) is "input" or "actions");
        var open = Assert.Single(blocks, b => b["accessory"] is not null)["accessory"]!;
        Assert.Equal(BlockKitRenderer.OpenFormActionId, (string)open["action_id"]!);
        Assert.Equal("""{"verb":"survey.answer","data":{"runId":"sample-run"}}""", (string)open["value"]!);
    }

    [Fact]
    public void An_image_keeps_its_alt_text_for_screen_readers()
    {
        var block = Blocks(BlockKitRenderer.Message(Card(null, [new ImageBlock("https://example.org/chart.png", "Attendance by week")])))[0];

        Assert.Equal("image", Type(block));
        Assert.Equal("Attendance by week", (string)block["alt_text"]!);
    }

    [Fact]
    public void The_home_tab_shows_each_message_between_dividers_and_stays_within_100_blocks()
    {
        var sections = Enumerable.Range(1, 60).Select(i => Card($"Section {i}", [new TextBlock("Body")])).ToList();

        var home = BlockKitRenderer.Home(sections);

        var blocks = Blocks(home);
        Assert.Equal("home", (string)home["type"]!);
        Assert.Equal(BlockKitLimits.ViewBlocks, blocks.Count);
        Assert.Equal(["header", "section", "divider", "header"], blocks.Take(4).Select(Type));
        Assert.Equal("context", Type(blocks[^1]));
    }
}
