using HitBot.Core.Directory;
using HitBot.Core.Updates;
using HitBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// A coordinator never loses what they typed: an update being written or a reply to feedback survives a proxy's 502, a
/// reload, the list being drawn again and the session ending; one press makes one draft, one reply.
/// </summary>
public sealed class DashboardTypedTextTests : TwoChannelsInBrowser
{
    [Fact]
    public async Task A_save_a_proxy_answered_with_502_keeps_the_update_says_so_and_pressed_again_after_a_reload_makes_one_draft()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        await SignInAsync();
        await Page.GotoAsync(BaseUrl + "/#/updates/new");
        await Page.FillAsync("#title", "Week 12");
        await Page.FillAsync("#body", "Sessions resume Monday. Bring your badge.");
        await Page.Locator("fieldset[data-audience=roles] input[value=tutor]").CheckAsync();
        // HitBot saves the draft, and the proxy in front of it answers 502 instead (HitBot was being restarted).
        var proxied = 0;
        await Page.RouteAsync("**/api/admin/updates", async route =>
        {
            if (route.Request.Method != "POST" || proxied++ > 0) { await route.ContinueAsync(); return; }
            await route.FetchAsync();
            await route.FulfillAsync(new() { Status = 502, ContentType = "text/html", Body = "<html><body><h1>502 Bad Gateway</h1></body></html>" });
        });

        await Page.ClickAsync("text=Save draft");

        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("HitBot did not answer as it should (error 502");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("What you typed is still here: press the button again");
        await Expect(Page.Locator("#body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");

        // Reloading asks first (the tab would lose it if closed), and the text and the audience come back.
        var asked = new List<string>();
        Page.Dialog += async (_, dialog) => { asked.Add(dialog.Type); await dialog.AcceptAsync(); };
        await Page.ReloadAsync();
        await Expect(Page.Locator("#draft-restored")).ToBeVisibleAsync();
        Assert.Contains("beforeunload", asked);
        await Expect(Page.Locator("#title")).ToHaveValueAsync("Week 12");
        await Expect(Page.Locator("#body")).ToHaveValueAsync("Sessions resume Monday. Bring your badge.");
        await Expect(Page.Locator("fieldset[data-audience=roles] input[value=tutor]")).ToBeCheckedAsync();

        await Page.ClickAsync("text=Save draft");

        await Expect(Page.Locator("h1")).ToContainTextAsync("Week 12");
        var saved = Assert.Single(Teams.App.Get<UpdateStore>().Page(0, 10).Updates);
        Assert.Equal("Sessions resume Monday. Bring your badge.", saved.Body);
        // Saved, it is no longer kept: the next update starts empty.
        await Page.GotoAsync(BaseUrl + "/#/updates/new");
        await Expect(Page.Locator("#title")).ToHaveValueAsync("");
        await Expect(Page.Locator("#draft-restored")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_reply_being_written_survives_a_search_another_item_handled_and_the_session_ending_and_goes_once()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\n");
        var maya = Teams.NewUser();
        Teams.App.Get<PeopleDirectory>().Link(Both.TeamsAddress(maya.UserId), "maya@example.org");
        (await Teams.PostAsync(maya.Text("feedback The new pacing guide is really clear"))).EnsureSuccessStatusCode();
        (await Teams.PostAsync(maya.Text("feedback Sessions run too long on Fridays"))).EnsureSuccessStatusCode();
        await SignInAsync();
        await Page.ClickAsync("nav >> text=Feedback");
        var pacing = Page.Locator("[data-feedback]", new() { HasText = "pacing guide" });
        var fridays = Page.Locator("[data-feedback]", new() { HasText = "too long on Fridays" });
        await pacing.Locator("textarea").FillAsync("Thanks Maya, glad it helps!");

        // The list is drawn again by a search, and by another item's button.
        await Page.FillAsync("#feedback-search", "pacing");
        await Expect(Page.Locator("[data-feedback]")).ToHaveCountAsync(1);
        await Page.FillAsync("#feedback-search", "");
        await Expect(Page.Locator("[data-feedback]")).ToHaveCountAsync(2);
        await fridays.GetByRole(AriaRole.Button, new() { Name = "Mark handled: #2" }).ClickAsync();
        await Expect(fridays).ToHaveCountAsync(0);
        await Expect(pacing.Locator("textarea")).ToHaveValueAsync("Thanks Maya, glad it helps!");

        // Eight idle hours later the session has ended: a search says so in place, and the page stays.
        Teams.App.Time.Advance(TimeSpan.FromHours(9));
        await Page.FillAsync("#feedback-search", "maya");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToContainTextAsync("You are signed out");
        Assert.Equal("/", new Uri(Page.Url).AbsolutePath);
        await Expect(pacing.Locator("textarea")).ToHaveValueAsync("Thanks Maya, glad it helps!");

        // Signed in again in another tab, Send reply sends it, once, and the box is empty after.
        var other = await Page.Context.NewPageAsync();
        await other.GotoAsync(BaseUrl + "/");
        await other.FillAsync("#token", HitBotApp.AdminToken);
        await other.ClickAsync("button[type=submit]");
        await Expect(other.Locator("body[data-ready=true]")).ToBeAttachedAsync();
        await pacing.GetByRole(AriaRole.Button, new() { Name = "Send reply to #1" }).DblClickAsync();
        await Expect(pacing).ToContainTextAsync("Reply: Thanks Maya");
        await Expect(pacing.Locator("textarea")).ToHaveValueAsync("");
        var replies = (await Teams.DeliveredAsync()).Count(c => c.Body?.ToJsonString().Contains("Thanks Maya, glad it helps!", StringComparison.Ordinal) == true);
        Assert.Equal(1, replies);
    }
}
