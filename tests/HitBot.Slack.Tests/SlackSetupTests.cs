using HitBot.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HitBot.Slack.Tests;

public sealed class SlackSetupTests
{
    static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSlack(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>What the host runs before it starts serving: every ValidateOnStart check.</summary>
    static void Start(ServiceProvider provider) => provider.GetRequiredService<IStartupValidator>().Validate();

    [Fact]
    public void Without_a_slack_section_slack_is_off_but_cards_still_export_as_block_kit()
    {
        using var provider = Build([]);

        Start(provider);

        Assert.Null(provider.GetService<SlackRequestVerifier>());
        Assert.Contains(provider.GetServices<ICardFormat>(), f => f is SlackCardFormat);
        Assert.NotNull(provider.GetService<SlackViewSamples>());
    }

    [Fact]
    public void With_both_secrets_slack_is_on_and_requests_can_be_verified()
    {
        using var provider = Build(new() { ["HitBot:Slack:SigningSecret"] = "8f742231b10e8888abcd99yyyzzz85a5", ["HitBot:Slack:BotToken"] = "xoxb-1-2-abc" });

        Start(provider);

        Assert.NotNull(provider.GetService<SlackRequestVerifier>());
        Assert.Equal(new Uri("https://slack.com/api/"), provider.GetRequiredService<IOptions<SlackOptions>>().Value.ApiBaseUri);
    }

    [Theory]
    [InlineData("HitBot:Slack:BotToken", "xoxb-1-2-abc", "HitBot:Slack:SigningSecret")]
    [InlineData("HitBot:Slack:SigningSecret", "8f742231b10e8888abcd99yyyzzz85a5", "HitBot:Slack:BotToken")]
    public void Half_a_slack_section_stops_the_start_naming_the_missing_key(string givenKey, string givenValue, string missingKey)
    {
        using var provider = Build(new() { [givenKey] = givenValue });

        var error = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains(missingKey + " is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/")]
    [InlineData("slack.com/api")]
    [InlineData("ftp://slack.com/api/")]
    public void An_api_base_url_that_is_not_an_absolute_http_url_stops_the_start(string url)
    {
        using var provider = Build(new() { ["HitBot:Slack:ApiBaseUrl"] = url });

        var error = Assert.Throws<OptionsValidationException>(() => Start(provider));

        Assert.Contains("HitBot:Slack:ApiBaseUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_api_base_url_without_a_trailing_slash_still_keeps_its_path_for_method_calls()
    {
        var options = new SlackOptions { ApiBaseUrl = "http://localhost:5099/api" };

        Assert.Equal("http://localhost:5099/api/chat.postMessage", new Uri(options.ApiBaseUri, "chat.postMessage").ToString());
    }
}
