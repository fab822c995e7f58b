using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>The live preview while writing an update: whom the draft reaches, as the roster is at that moment.</summary>
public sealed class UpdatePreviewTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => app.Dispose();

    HttpClient Admin => app.CreateAdminClient();

    async Task<JsonObject> ReachOfEveryTutorAsync()
    {
        var preview = await Admin.PostAsJsonAsync("/api/admin/updates/preview", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        preview.EnsureSuccessStatusCode();
        return (await preview.Content.ReadFromJsonAsync<JsonObject>(Ct))!["reach"]!.AsObject();
    }

    static (int, int, int, int) Numbers(JsonObject reach) =>
        ((int)reach["matched"]!, (int)reach["recipients"]!, (int)reach["optedOut"]!, (int)reach["notInChat"]!);

    [Fact]
    public async Task Each_preview_counts_the_roster_as_it_is_then_so_a_tutor_who_stops_or_links_shows_at_once()
    {
        var import = await Admin.PostAsync(new Uri("/api/admin/people/import", UriKind.Relative), new StringContent(
            "name,email,role,site,partner\nMaya Lopez,maya@example.org,tutor,,\nSam Ortiz,sam@example.org,tutor,,\nAna Ruiz,ana@example.org,tutor,,\n",
            Encoding.UTF8, "text/csv"), Ct);
        import.EnsureSuccessStatusCode();
        var directory = app.Get<PeopleDirectory>();
        directory.Link(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya", ServiceUrl = "http://127.0.0.1:9/" }, "maya@example.org");
        var first = await ReachOfEveryTutorAsync();
        var again = await ReachOfEveryTutorAsync();

        var sam = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!.Id;
        (await Admin.PatchAsJsonAsync($"/api/admin/people/{sam}", new JsonObject { ["optedOut"] = true }, Ct)).EnsureSuccessStatusCode();
        var afterStop = await ReachOfEveryTutorAsync();
        directory.Link(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:ana", ServiceUrl = "http://127.0.0.1:9/" }, "ana@example.org");
        var afterLink = await ReachOfEveryTutorAsync();

        Assert.Equal((3, 1, 0, 2), Numbers(first));
        Assert.Equal((3, 1, 0, 2), Numbers(again));
        Assert.Equal((3, 1, 1, 1), Numbers(afterStop));
        Assert.Equal((3, 2, 1, 0), Numbers(afterLink));
    }

    /// <summary>A screen reader reads an image's alt text: the title again (read just before) said nothing of the picture.</summary>
    [Fact]
    public async Task An_updates_image_is_described_in_Teams_and_Slack_by_the_words_written_for_it()
    {
        const string Alt = "Tutors and students at the Lincoln reading corner";
        var created = await Admin.PostAsJsonAsync("/api/admin/updates", new JsonObject
        {
            ["title"] = "Week 12", ["body"] = "Sessions resume Monday.", ["imageUrl"] = "https://example.org/week12.png", ["imageAlt"] = Alt,
            ["audience"] = new JsonObject { ["roles"] = new JsonArray("tutor") },
        }, Ct);
        created.EnsureSuccessStatusCode();
        var id = (string)(await created.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!;

        var preview = (await Admin.GetFromJsonAsync<JsonObject>(new Uri($"/api/admin/updates/{id}/preview", UriKind.Relative), Ct))!;

        var teamsImage = preview["teams"]!["attachments"]![0]!["content"]!["body"]!.AsArray().Single(e => (string?)e!["type"] == "Image")!;
        var slackImage = preview["slack"]!["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "image")!;
        Assert.Equal(Alt, (string?)teamsImage["altText"]);
        Assert.Equal(Alt, (string?)slackImage["alt_text"]);
    }
}
