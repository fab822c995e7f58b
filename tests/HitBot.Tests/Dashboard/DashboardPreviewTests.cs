using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>The live preview while writing an update shows each chat's card as that chat shows it: the coordinator's words, not the wire's markup.</summary>
public sealed class DashboardPreviewTests : TwoChannelsInBrowser
{
    [Fact]
    public async Task The_Slack_preview_shows_ampersands_angle_brackets_links_quotes_and_code_as_Slack_does()
    {
        await SignInAsync();
        await Page.GotoAsync(BaseUrl + "/#/updates/new");
        await Page.FillAsync("#title", "Q&A night");
        await Page.FillAsync("#body",
            "Tutors & coordinators: grades 3 < 5 > 1. Sign up at <https://example.org/qa> or write to <maya@example.org>.\n\n" +
            "> See you there\n\nType `my items` and ~~skip~~ this.");

        var slack = Page.Locator("#preview-slack .slack-msg");
        // Slack's mrkdwn escapes &, < and > (protocols.md §8.3); Slack shows them as the characters.
        await Expect(slack).ToContainTextAsync("Tutors & coordinators: grades 3 < 5 > 1.");
        await Expect(slack).Not.ToContainTextAsync("&amp;");
        await Expect(slack).Not.ToContainTextAsync("&lt;");
        await Expect(slack.Locator("a[href='https://example.org/qa']")).ToHaveTextAsync("https://example.org/qa");
        await Expect(slack.Locator("a[href='mailto:maya@example.org']")).ToHaveTextAsync("maya@example.org");
        await Expect(slack.Locator("blockquote")).ToHaveTextAsync("See you there");
        await Expect(slack.Locator("code")).ToHaveTextAsync("my items");
        await Expect(slack.Locator("s")).ToHaveTextAsync("skip");
        await Expect(slack).Not.ToContainTextAsync("<https://");
    }
}
