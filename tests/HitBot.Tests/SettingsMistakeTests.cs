using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>
/// Values that used to start HitBot and then go wrong later, or end it with a stack trace: each now stops the start with a
/// line naming the key, as StartupTests' wrong settings do.
/// </summary>
public sealed class SettingsMistakeTests
{
    /// <summary>Never called: every start here is refused by its settings (HitBotApp's LoopbackOnly would refuse it too).</summary>
    const string NeverCalledLogin = "https://login.invalid/botframework.com";
    const string AppId = "1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d";

    [Theory]
    // Enum.TryParse read "Monday,Friday" as Friday (1 | 5) and "Sunday,Sunday" as Sunday: started, the digest on a day nobody chose.
    [InlineData("HitBot:ActionPlan:DigestDay", "Monday,Friday")]
    [InlineData("HitBot:ActionPlan:DigestDay", "Sunday,Sunday")]
    // Neither .NET nor systemd expands these: a new, empty database (or a new anonymity key) in a folder named "~" where HitBot ran.
    [InlineData("HitBot:Storage:Path", "~/data/hitbot.db")]
    [InlineData("HitBot:Storage:Path", "$HOME/data/hitbot.db")]
    [InlineData("HitBot:Surveys:AnonymityKeyPath", "~/.local/share/HitBot/anonymity.key")]
    // [Url] takes ftp://: started, and the keys that sign Teams' requests could never be fetched.
    [InlineData("HitBot:Teams:OpenIdMetadataUrl", "ftp://login.botframework.invalid/v1/.well-known/openidconfiguration")]
    public void A_value_that_used_to_start_and_misbehave_stops_the_start_naming_the_key(string key, string value)
    {
        using var app = new HitBotApp(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.Contains(key, line, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Teams id pasted with a space, or in braces: Guid.TryParse took it, HitBot started, and then every Teams message was
    /// refused, the tokens' audience (or the activity's tenant) never equal to the id as written.
    /// </summary>
    [Theory]
    [InlineData("HitBot:Teams:AppId", " " + AppId)]
    [InlineData("HitBot:Teams:AppId", "{" + AppId + "}")]
    [InlineData("HitBot:Teams:TenantId", "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a ")]
    public void A_teams_id_with_spaces_or_braces_stops_the_start_naming_it(string key, string value)
    {
        using var app = new HitBotApp(TeamsBot(new() { [key] = value }));

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith(key + " must be", line, StringComparison.Ordinal);
    }

    /// <summary>A client secret of spaces only started, and the first token request ended HitBot with a stack trace.</summary>
    [Fact]
    public void A_teams_password_of_spaces_only_stops_the_start_as_a_missing_one_does()
    {
        using var app = new HitBotApp(TeamsBot(new() { ["HitBot:Teams:AppPassword"] = "   " }));

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith("HitBot:Teams:AppPassword is required", line, StringComparison.Ordinal);
    }

    static Dictionary<string, string?> TeamsBot(Dictionary<string, string?> change)
    {
        Dictionary<string, string?> settings = new()
        {
            ["HitBot:Teams:AppId"] = AppId, ["HitBot:Teams:AppPassword"] = "the-client-secret-value",
            ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:Emulator"] = "false",
        };
        foreach (var (key, value) in change) settings[key] = value;
        return settings;
    }
}
