using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using static Microsoft.Playwright.Assertions;

namespace HitBot.Tests.Dashboard;

/// <summary>A tutor asked for her data: the coordinator finds her on the People page and downloads the file in one tap.</summary>
public sealed class DashboardPersonDataTests : TwoChannelsInBrowser
{
    [Fact]
    public async Task Download_their_data_on_the_People_page_saves_the_persons_file_with_the_dashboards_sign_in()
    {
        await Teams.ImportRosterAsync("Maya Lopez,maya@example.org,tutor,Lincoln,CityTutors\nSam Ortiz,sam@example.org,tutor,Lincoln,CityTutors");
        var maya = Teams.App.Get<DirectoryStore>().FindByEmail("maya@example.org")!;
        await SignInAsync();
        await Page.GotoAsync(BaseUrl + "/#/people");
        await Expect(Page.Locator("h1")).ToHaveTextAsync("People");

        var download = await Page.RunAndWaitForDownloadAsync(() => Page.ClickAsync($"#data-{maya.Id}"));

        Assert.Equal($"hitbot-data-{maya.Id}.json", download.SuggestedFilename);
        var file = JsonNode.Parse(await File.ReadAllTextAsync((await download.PathAsync())!, Ct))!;
        Assert.Equal(("Maya Lopez", "maya@example.org"), ((string?)file["person"]!["name"], (string?)file["person"]!["email"]));
        Assert.DoesNotContain("sam@example.org", file.ToJsonString(), StringComparison.Ordinal);
    }
}
