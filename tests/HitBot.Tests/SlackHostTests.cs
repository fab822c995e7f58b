using System.Text.Json.Nodes;
using HitBot.Cli;
using HitBot.Slack;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

public sealed class SlackHostTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_cards_also_writes_every_card_and_the_slack_views_as_block_kit()
    {
        using var app = new HitBotApp();
        var folder = Path.Combine(app.Folder, "cards");

        var exit = await CliVerb.Parse(["export-cards", folder])!.RunAsync(app.Services, new StringWriter(), new StringWriter(), Ct);

        Assert.Equal(0, exit);
        var files = System.IO.Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        Assert.Contains("welcome.slack.json", files);
        Assert.Contains("my-items.slack.json", files);
        Assert.Contains("help.slack.json", files);
        Assert.Contains("app-home.slack.json", files);
        var modal = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "sample-form-modal.slack.json"), Ct));
        Assert.Equal("modal", (string?)modal?["type"]);
    }

    [Fact]
    public async Task Export_cards_writes_every_form_as_the_Slack_modal_that_opens_it()
    {
        using var app = new HitBotApp();
        var folder = Path.Combine(app.Folder, "cards");

        await CliVerb.Parse(["export-cards", folder])!.RunAsync(app.Services, new StringWriter(), new StringWriter(), Ct);

        foreach (var name in new[] { "survey", "survey-change", "item-blocked-form", "feedback-form", "update-compose" })
        {
            var path = Path.Combine(folder, name + "-modal.slack.json");
            Assert.True(File.Exists(path), $"{name} has no modal sample");
            var modal = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct));
            Assert.Equal("modal", (string?)modal?["type"]);
            Assert.Contains(modal?["blocks"]?.AsArray() ?? [], b => (string?)b?["type"] == "input");
        }
    }

    [Fact]
    public void A_slack_bot_token_without_its_signing_secret_stops_the_start()
    {
        using var app = new HitBotApp(new() { ["HitBot:Slack:BotToken"] = "xoxb-1-2-abc" });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("HitBot:Slack:SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_both_slack_secrets_the_host_can_verify_slack_requests()
    {
        await using var fake = await FakeSlackApi.StartAsync();
        using var app = new HitBotApp(SlackTestApp.Settings(fake));

        app.CreateClient();

        Assert.NotNull(app.Services.GetService(typeof(SlackRequestVerifier)));
    }
}
