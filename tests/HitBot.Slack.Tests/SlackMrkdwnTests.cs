namespace HitBot.Slack.Tests;

public sealed class SlackMrkdwnTests
{
    [Theory]
    [InlineData("Please read **this** today", "Please read *this* today")]
    [InlineData("It is _really_ short", "It is _really_ short")]
    [InlineData("It is *really* short", "It is _really_ short")]
    [InlineData("~~old~~ new", "~old~ new")]
    [InlineData("See [the guide](https://example.org/guide)", "See <https://example.org/guide|the guide>")]
    [InlineData("See [**the** guide](https://example.org/a?x=1&y=2)", "See <https://example.org/a?x=1&amp;y=2|the guide>")]
    [InlineData("Go to <https://example.org>", "Go to <https://example.org>")]
    [InlineData("Run `my items`", "Run `my items`")]
    [InlineData("# Week 12 update", "*Week 12 update*")]
    [InlineData("## A **bold** heading", "*A bold heading*")]
    [InlineData("- one\n- two\n- three", "• one\n• two\n• three")]
    [InlineData("1. first\n2. second", "1. first\n2. second")]
    [InlineData("- one\n    - inner", "• one\n    ◦ inner")]
    [InlineData("Intro:\n- one\n- two", "Intro:\n• one\n• two")]
    [InlineData("First paragraph.\n\nSecond paragraph.", "First paragraph.\n\nSecond paragraph.")]
    [InlineData("> quoted words", "> quoted words")]
    public void Markdown_becomes_slack_mrkdwn(string markdown, string expected)
    {
        Assert.Equal(expected, SlackMrkdwn.FromMarkdown(markdown));
    }

    [Fact]
    public void Html_and_slack_control_characters_are_shown_as_text_never_as_markup()
    {
        var mrkdwn = SlackMrkdwn.FromMarkdown("<script>alert('hi')</script> Tom & Jerry <!channel> 3 > 2");

        Assert.Equal("&lt;script&gt;alert('hi')&lt;/script&gt; Tom &amp; Jerry &lt;!channel&gt; 3 &gt; 2", mrkdwn);
    }

    [Fact]
    public void An_html_entity_written_in_the_markdown_is_escaped_once_not_twice()
    {
        Assert.Equal("Fish &amp; chips", SlackMrkdwn.FromMarkdown("Fish &amp; chips"));
    }

    [Fact]
    public void A_link_label_cannot_end_the_link_early()
    {
        Assert.Equal("<https://example.org/a%7Cb|a &gt; b>", SlackMrkdwn.FromMarkdown("[a > b](<https://example.org/a|b>)"));
    }

    [Fact]
    public void Long_text_is_split_at_paragraphs_and_never_inside_an_escaped_character()
    {
        var text = string.Concat(Enumerable.Repeat("&", 2000));

        var pieces = SlackText.Split(SlackText.Escape(text), 3000);

        Assert.All(pieces, p => Assert.True(p.Length <= 3000));
        Assert.All(pieces, p => Assert.Matches("^(&amp;)+$", p));
        Assert.Equal(2000, pieces.Sum(p => p.Length / 5));
    }

    [Fact]
    public void A_truncated_text_ends_with_an_ellipsis_and_keeps_surrogate_pairs_whole()
    {
        var text = string.Concat(Enumerable.Repeat("👋", 100));

        var cut = SlackText.Truncate(text, 75);

        Assert.True(cut.Length <= 75);
        Assert.EndsWith("👋…", cut, StringComparison.Ordinal);
    }
}
