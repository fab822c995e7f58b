using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Core.Messaging.Routing;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;

namespace HitBot.Tests;

/// <summary>
/// The files in manifests/ that a district's IT person uploads to Teams and pastes into Slack, checked against the code:
/// the routes they name exist, the Slack scopes are those the Web API calls need and no more, and the Teams manifest keeps
/// to the schema's rules (protocols.md §4, §7.5, §9) that the Developer Portal would otherwise reject at upload.
/// </summary>
public sealed partial class ManifestTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The bot scope each Slack method needs (protocols.md §7.2); views.* and auth.test need none.</summary>
    static readonly Dictionary<string, string?> ScopeOf = new(StringComparer.Ordinal)
    {
        ["chat.postMessage"] = "chat:write", ["chat.update"] = "chat:write", ["chat.delete"] = "chat:write",
        ["conversations.open"] = "im:write", ["users.info"] = "users:read", ["users.lookupByEmail"] = "users:read.email",
        ["views.open"] = null, ["views.publish"] = null, ["views.update"] = null, ["auth.test"] = null,
    };

    [Fact]
    public void The_Slack_manifest_asks_for_the_scopes_the_code_uses_and_no_more()
    {
        var manifest = Json("manifests/slack/manifest.json");
        var called = WebApiCall().Matches(File.ReadAllText(RepoFiles.Of("src/HitBot.Slack/SlackWebApi.cs"))).Select(m => m.Groups[1].Value).ToHashSet();

        var unknown = called.Where(m => !ScopeOf.ContainsKey(m)).ToList();
        var needed = called.Select(m => ScopeOf.GetValueOrDefault(m)).OfType<string>()
            .Append("im:history")   // the message.im event
            .Append("commands")     // the /hitbot command
            .ToHashSet();
        var asked = manifest["oauth_config"]!["scopes"]!["bot"]!.AsArray().Select(s => (string)s!).ToHashSet();

        Assert.Empty(unknown);
        Assert.Equal(needed.Order(), asked.Order());
        Assert.Equal(["app_home_opened", "app_uninstalled", "message.im", "tokens_revoked"], manifest["settings"]!["event_subscriptions"]!["bot_events"]!.AsArray().Select(e => (string)e!).Order());
    }

    [Fact]
    public void The_Slack_manifest_turns_on_the_Home_tab_messages_and_interactivity()
    {
        var manifest = Json("manifests/slack/manifest.json");
        var home = manifest["features"]!["app_home"]!;

        Assert.True((bool)home["home_tab_enabled"]!);
        Assert.True((bool)home["messages_tab_enabled"]!);
        Assert.False((bool)home["messages_tab_read_only_enabled"]!);
        Assert.True((bool)manifest["settings"]!["interactivity"]!["is_enabled"]!);
        Assert.False((bool)manifest["settings"]!["socket_mode_enabled"]!);
        Assert.InRange(((string)manifest["display_information"]!["name"]!).Length, 1, 35);
        Assert.InRange(((string)manifest["display_information"]!["description"]!).Length, 1, 140);
    }

    [Fact]
    public async Task Every_Slack_URL_in_the_manifest_is_a_route_HitBot_answers()
    {
        await using var slack = await SlackTestApp.StartAsync();
        var manifest = Json("manifests/slack/manifest.json");
        var urls = new[]
        {
            (string)manifest["settings"]!["event_subscriptions"]!["request_url"]!,
            (string)manifest["settings"]!["interactivity"]!["request_url"]!,
            (string)manifest["features"]!["slash_commands"]![0]!["url"]!,
        };
        var routes = slack.App.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText?.TrimStart('/')).ToHashSet();

        Assert.All(urls, url => Assert.StartsWith("https://YOUR_HOST/", url, StringComparison.Ordinal)); // what README says to replace
        Assert.All(urls, url => Assert.Contains(new Uri(url).AbsolutePath, routes));
        Assert.Equal("/hitbot", (string)manifest["features"]!["slash_commands"]![0]!["command"]!);
        // An unsigned request reaches the route and is refused, rather than answered 404 by nobody.
        var response = await slack.Client.PostAsync(new Uri(new Uri(urls[2]).AbsolutePath, UriKind.Relative), new StringContent("command=%2Fhitbot"), Ct);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void The_Teams_manifest_is_a_personal_bot_without_files_or_domains_and_names_its_schema_version()
    {
        var manifest = Json("manifests/teams/manifest.json");
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;

        Assert.Equal($"https://developer.microsoft.com/json-schemas/teams/v{manifest["manifestVersion"]}/MicrosoftTeams.schema.json", (string)manifest["$schema"]!);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string)manifest["version"]!);
        Assert.Equal(["personal"], bot["scopes"]!.AsArray().Select(s => (string)s!));
        Assert.False((bool)bot["supportsFiles"]!);
        Assert.False((bool)bot["isNotificationOnly"]!);
        Assert.Empty(manifest["validDomains"]?.AsArray() ?? []);
        // Proactive install (TeamsAppInstallation.ReadWriteSelfForUser.All) needs webApplicationInfo.id = the bot's own app id.
        Assert.Equal((string)bot["botId"]!, (string)manifest["webApplicationInfo"]!["id"]!);
        Assert.Matches("^#[0-9a-fA-F]{6}$", (string)manifest["accentColor"]!);
        Assert.InRange(((string)manifest["developer"]!["name"]!).Length, 1, 32);
        Assert.InRange(((string)manifest["name"]!["short"]!).Length, 1, 30);
        Assert.InRange(((string)manifest["name"]!["full"]!).Length, 1, 100);
        Assert.InRange(((string)manifest["description"]!["short"]!).Length, 1, 80);
        Assert.InRange(((string)manifest["description"]!["full"]!).Length, 1, 4000);
        Assert.All(manifest["description"]!["features"]!.AsArray(), f => Assert.True(((string)f!["title"]!).Length <= 45 && ((string)f["description"]!).Length <= 120));
    }

    [Fact]
    public void The_Teams_placeholders_are_the_ones_build_package_fills()
    {
        var text = File.ReadAllText(RepoFiles.Of("manifests/teams/manifest.json"));
        var script = File.ReadAllText(RepoFiles.Of("manifests/teams/build-package.sh"));

        var placeholders = Placeholder().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(["BOT_ID", "HOST_NAME", "TEAMS_APP_ID"], placeholders.Order());
        Assert.All(placeholders, p => Assert.Contains($"\"{p}\"", script, StringComparison.Ordinal));
    }

    [Fact]
    public void Every_Teams_command_in_the_manifest_is_a_command_HitBot_answers()
    {
        using var app = new HitBotApp();
        var phrases = app.Get<InteractionRouter>().Commands.Select(c => c.Phrase).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var list = Assert.Single(Json("manifests/teams/manifest.json")["bots"]![0]!["commandLists"]!.AsArray())!;
        var commands = list["commands"]!.AsArray().Select(c => (string)c!["title"]!).ToList();

        Assert.InRange(commands.Count, 1, 12);
        Assert.All(commands, c => Assert.Contains(c, phrases));
    }

    /// <summary>
    /// Anyone may say stop (README, Reach everyone), but the menu Teams shows above the message box, where a tutor on a
    /// phone looks for what they can say, did not offer it: a tutor who wanted no more messages had nothing to tap.
    /// </summary>
    [Fact]
    public void The_Teams_command_menu_offers_stop_so_a_tutor_on_a_phone_finds_how_to_end_the_messages()
    {
        var list = Assert.Single(Json("manifests/teams/manifest.json")["bots"]![0]!["commandLists"]!.AsArray())!;

        var stop = Assert.Single(list["commands"]!.AsArray(), c => (string?)c!["title"] == "stop")!;
        Assert.Contains("start", (string?)stop["description"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("color", 192)]
    [InlineData("outline", 32)]
    public void The_Teams_icons_exist_at_the_sizes_Teams_asks_for(string icon, int size)
    {
        var name = (string)Json("manifests/teams/manifest.json")["icons"]![icon]!;
        var (width, height, pixels) = Png(File.ReadAllBytes(RepoFiles.Of("manifests/teams/" + name)));

        Assert.Equal((size, size), (width, height));
        if (icon == "outline")
            // White on transparent (protocols.md §4.5): every pixel that shows is white; its edges may fade out.
            Assert.All(pixels.Chunk(4), p => Assert.True(p[3] == 0 || (p[0], p[1], p[2]) == (255, 255, 255), $"pixel {string.Join(",", p)}"));
    }

    /// <summary>An 8-bit RGBA PNG's size and pixels, un-filtered (PNG spec §9).</summary>
    static (int Width, int Height, byte[] Rgba) Png(byte[] file)
    {
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var at = 8; at < file.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var type = System.Text.Encoding.ASCII.GetString(file, at + 4, 4);
            var data = file.AsSpan(at + 8, length);
            if (type == "IHDR")
            {
                (width, height) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]));
                Assert.Equal((8, 6), (data[8], data[9])); // 8 bits, RGBA
            }
            if (type == "IDAT") idat.Write(data);
            at += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(inflated);
        var raw = inflated.ToArray();
        var stride = width * 4;
        var pixels = new byte[stride * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            for (var x = 0; x < stride; x++)
            {
                var value = raw[y * (stride + 1) + 1 + x];
                int left = x >= 4 ? pixels[y * stride + x - 4] : 0, up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
                int corner = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4] : 0;
                pixels[y * stride + x] = (byte)(value + filter switch
                {
                    1 => left, 2 => up, 3 => (left + up) / 2, 4 => Paeth(left, up, corner), _ => 0,
                });
            }
        }
        return (width, height, pixels);
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    static JsonNode Json(string path) => JsonNode.Parse(File.ReadAllText(RepoFiles.Of(path)))!;

    [GeneratedRegex("""Call\w*Async\("([a-z]+\.[A-Za-z]+)"\s*,""")]
    private static partial Regex WebApiCall();

    [GeneratedRegex(@"\$\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
