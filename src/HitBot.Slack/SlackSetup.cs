using HitBot.Core.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Slack;

public static class SlackSetup
{
    /// <summary>
    /// Slack is on when <c>HitBot:Slack</c> has both secrets, off when it has neither; half a section stops the start.
    /// The Block Kit export format is registered either way, so <c>export-cards</c> works without a Slack app.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddOptions<SlackOptions>().Bind(section)
            .Validate(o => SlackOptions.IsSet(o.SigningSecret) || !SlackOptions.IsSet(o.BotToken),
                "HitBot:Slack:SigningSecret is required when HitBot:Slack:BotToken is set (Slack app → Basic Information → Signing Secret); " +
                "leave both empty to turn Slack off.")
            .Validate(o => SlackOptions.IsSet(o.BotToken) || !SlackOptions.IsSet(o.SigningSecret),
                "HitBot:Slack:BotToken is required when HitBot:Slack:SigningSecret is set (Slack app → OAuth & Permissions → Bot User OAuth Token, xoxb-…); " +
                "leave both empty to turn Slack off.")
            .Validate(o => SlackOptions.IsAbsoluteHttpUrl(o.ApiBaseUrl),
                $"HitBot:Slack:ApiBaseUrl must be an absolute http(s) URL such as {SlackOptions.DefaultApiBaseUrl}")
            .ValidateOnStart();

        services.AddSingleton<ICardFormat, SlackCardFormat>();
        services.AddSingleton<SlackViewSamples>();

        // Read here rather than from IOptions: whether the Slack services exist at all is decided while registering.
        var options = section.Get<SlackOptions>() ?? new SlackOptions();
        if (options.Enabled)
            services.AddSingleton<SlackRequestVerifier>();
        return services;
    }
}
