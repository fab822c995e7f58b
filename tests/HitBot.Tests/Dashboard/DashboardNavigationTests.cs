using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// Moving on before a page has come: each page draws itself when its data comes, so a page whose answer came last was
/// drawn over the one clicked after it, and the address bar named one page while the other was shown (a coordinator
/// clicking Surveys, then People on a slow connection, got the Surveys list under "#/people").
/// </summary>
public sealed class DashboardNavigationTests : TwoChannelsInBrowser
{
    static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_page_whose_data_comes_after_another_page_was_opened_is_not_drawn_over_it()
    {
        await SignInAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await Page.RouteAsync("**/api/admin/surveys", async route =>
        {
            asked.TrySetResult();
            await release.Task;
            await route.ContinueAsync();
        });

        await Page.ClickAsync("nav >> text=Surveys");
        await asked.Task.WaitAsync(Guard, Ct);
        await Page.ClickAsync("nav >> text=People");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("People");
        var late = Page.WaitForResponseAsync("**/api/admin/surveys");
        release.SetResult();
        await late.WaitAsync(Guard, Ct);
        // A round trip from the page after the late answer came: the drawing that answer would start has run by its end.
        await Page.EvaluateAsync("async () => { await (await fetch('/healthz')).text(); }");

        await Expect(Page.Locator("h1")).ToHaveTextAsync("People");
        Assert.EndsWith("#/people", Page.Url, StringComparison.Ordinal);
    }
}
