using HitBot.Core.Messaging;

namespace HitBot.Teams.Tests;

/// <summary>
/// An update's Markdown as Teams shows it: Teams reads bold, italic, lists and links only (protocols.md §5.6), so what else
/// a coordinator writes must arrive as words, never as the '#', '>', '```' or '![' a tutor would otherwise see.
/// </summary>
public sealed class TeamsMarkdownTests
{
    static string Text(string markdown) =>
        AdaptiveCardRenderer.Card(Message.Text(markdown))["body"]![0]!["text"]!.GetValue<string>();

    [Theory]
    [InlineData("# Week 12\n\nSessions resume Monday.", "**Week 12**\n\nSessions resume Monday.")]
    [InlineData("## What's **new**", "**What's new**")]
    [InlineData("What's new\n----------\nRoom 4", "**What's new**\n\nRoom 4")]
    [InlineData("> Tutoring changed my year.\n> — a Lincoln tutor", "Tutoring changed my year.\n\n— a Lincoln tutor")]
    [InlineData("Sign in:\n\n```\nmy items\n```", "Sign in:\n\nmy items")]
    [InlineData("![The spring calendar](https://example.org/spring.png)", "[The spring calendar](https://example.org/spring.png)")]
    [InlineData("Read [the guide][guide].\n\n[guide]: https://example.org/guide", "Read [the guide](https://example.org/guide).")]
    [InlineData("Mail <maya@example.org> or see <https://example.org>", "Mail [maya@example.org](mailto:maya@example.org) or see [https://example.org](https://example.org)")]
    [InlineData("Above\n\n---\n\nBelow", "Above\n\n───\n\nBelow")]
    public void Markdown_Teams_cannot_show_arrives_as_words_not_as_markup(string markdown, string expected)
    {
        Assert.Equal(expected, Text(markdown));
    }

    [Theory]
    [InlineData("[Claim your prize](javascript:alert(1))", "Claim your prize")]
    [InlineData("[Open](data:text/html,hi)", "Open")]
    [InlineData("<javascript:alert(1)>", "javascript:alert(1)")]
    public void A_link_to_anything_but_a_web_or_mail_address_is_shown_as_its_words(string markdown, string expected)
    {
        // As in Slack: a tutor tapping the words of an update must land on a web page, never run a script.
        Assert.Equal(expected, Text(markdown));
    }

    [Theory]
    [InlineData("Thank you for a **great** first term!\n\n- Sessions resume _Monday_\n- See [the schedule](https://example.org/s)",
        "Thank you for a **great** first term!\n\n- Sessions resume _Monday_\r- See [the schedule](https://example.org/s)")]
    [InlineData("Intro:\n1. first\n2. second", "Intro:\n\n1. first\r2. second")]
    [InlineData("+ plus\n+ minus", "- plus\r- minus")]
    [InlineData("1) one\n2) two", "1. one\r2. two")]
    [InlineData("- one\n  - two\n    - three", "- one\r  - two\r    - three")]
    [InlineData("- an item that\n  goes on", "- an item that goes on")]
    [InlineData("Thanks,\r\nMaya", "Thanks,\n\nMaya")]
    [InlineData("Not \\[a link\\](https://example.org) and \\*not bold\\*", "Not \\[a link\\](https://example.org) and \\*not bold\\*")]
    public void What_Teams_shows_keeps_its_markup_and_every_line(string markdown, string expected)
    {
        Assert.Equal(expected, Text(markdown));
    }

    [Fact]
    public void Emoji_shortcodes_a_coordinator_types_as_in_Slack_arrive_in_Teams_as_the_emoji()
    {
        // Slack turns ":tada:" into 🎉; a Teams card shows the colons and the word.
        var message = new Message(":tada: Week 12", new Card(":tada: Week 12",
            [new TextBlock("Great week :+1: see `:tada:` and :lincoln-logo: at 10:30:00")], []));

        var activity = AdaptiveCardRenderer.Activity(message);
        var card = activity["attachments"]![0]!["content"]!;

        Assert.Equal("🎉 Week 12", activity["summary"]!.GetValue<string>());
        Assert.Equal("🎉 Week 12", card["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Great week 👍 see `:tada:` and :lincoln-logo: at 10:30:00", card["body"]![1]!["text"]!.GetValue<string>());
    }

    /// <summary>A survey question, its answers and its buttons are written the same way, and showed the colons in Teams.</summary>
    [Fact]
    public void Emoji_shortcodes_in_a_questions_label_answers_and_buttons_arrive_in_Teams_as_the_emoji()
    {
        var message = new Message("Pulse", new Card("Pulse",
            [new ChoiceInput("q1", ":wave: How was this week?", [new Choice(":smile: Great", "great"), new Choice(":cry: Hard", "hard")])],
            [new SubmitAction(":rocket: Send", "survey.answer", [])]));

        var card = AdaptiveCardRenderer.Activity(message)["attachments"]![0]!["content"]!;

        var question = card["body"]!.AsArray().Single(e => e?["type"]?.GetValue<string>() == "Input.ChoiceSet")!;
        Assert.Equal("👋 How was this week?", question["label"]!.GetValue<string>());
        Assert.Equal(["😄 Great", "😢 Hard"], question["choices"]!.AsArray().Select(c => c!["title"]!.GetValue<string>()));
        var button = card["actions"]![0]!;
        Assert.Equal("🚀 Send", button["title"]!.GetValue<string>());
        Assert.Equal("🚀 Send", button["fallback"]!["title"]!.GetValue<string>());
    }
}
