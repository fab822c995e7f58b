using HitBot.Core.ActionPlan;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

public sealed class StartupTests
{
    /// <summary>
    /// Where MSAL would ask for a token if a test's start got past its settings check: a name that can never resolve, so a
    /// test with an App ID never reaches Microsoft's sign-in host (HitBotApp's LoopbackOnly refuses such a call as well).
    /// </summary>
    const string NeverCalledLogin = "https://login.invalid/botframework.com";

    [Theory]
    [InlineData("HitBot:Program:TimeZone", "Mars/Olympus_Mons")]
    [InlineData("HitBot:Admin:Token", "short")]
    [InlineData("HitBot:Admin:PersonalTokenDays", "-1")]
    [InlineData("HitBot:Admin:PersonalTokenDays", "99999999")]
    [InlineData("HitBot:Teams:AppId", "not-a-guid")]
    [InlineData("HitBot:Teams:TokenAuthority", "http://login.microsoftonline.com/botframework.com")]
    [InlineData("HitBot:Teams:GraphBaseUrl", "http://graph.microsoft.com/v1.0")]
    [InlineData("HitBot:Teams:ServiceUrl", "smba.trafficmanager.net/teams")]
    [InlineData("HitBot:Teams:ProactiveInstall", "true")]
    [InlineData("HitBot:Dispatcher:Concurrency", "0")]
    [InlineData("HitBot:Program:MaxNudgesPerWeek", "0")]
    [InlineData("HitBot:Slack:SendsPerSecond", "0")]
    [InlineData("HitBot:Slack:ApiBaseUrl", "slack.com/api")]
    [InlineData("HitBot:ActionPlan:RemindDaysBefore", "seven")]
    // Left empty in an environment file, no owner was reminded before or on a due date, only once it was overdue.
    [InlineData("HitBot:ActionPlan:RemindDaysBefore", "")]
    [InlineData("HitBot:ActionPlan:RemindDaysBefore", " , ")]
    [InlineData("HitBot:ActionPlan:WorkdayStart", "9am")]
    [InlineData("HitBot:ActionPlan:DigestDay", "Funday")]
    [InlineData("HitBot:ActionPlan:OverdueEveryWorkingDays", "0")]
    // An env file's `HitBot__Program__Name=` left empty: every welcome card read "Welcome to , Ana!".
    [InlineData("HitBot:Program:Name", "")]
    [InlineData("HitBot:Program:Name", "  ")]
    public void A_wrong_setting_stops_the_start_with_a_message_naming_the_key(string key, string value)
    {
        using var app = new HitBotApp(new() { [key] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// "EST" is a zone this machine knows, but a fixed one: a program in New York ran every schedule an hour off from March
    /// to November. A Windows name ("Eastern Standard Time", what an IIS admin writes) started too, and the dashboard, which
    /// shows every time in the program's zone, could show none ("Invalid time zone specified").
    /// </summary>
    [Theory]
    [InlineData("EST", "America/New_York")]
    [InlineData("Eastern Standard Time", "America/New_York")]
    [InlineData("MST", "America/Denver")]
    [InlineData("Etc/GMT+6", "such as America/Chicago")]
    [InlineData("Pacific", "America/Los_Angeles")]
    public void A_program_time_zone_without_daylight_saving_or_the_dashboard_cannot_show_stops_the_start_naming_the_zone_to_write(string zone, string write)
    {
        using var app = new HitBotApp(new() { ["HitBot:Program:TimeZone"] = zone });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith("HitBot:Program:TimeZone", line, StringComparison.Ordinal);
        Assert.Contains(write, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("America/Chicago")]
    [InlineData("UTC")]
    [InlineData("Pacific/Honolulu")]
    public void A_program_time_zone_named_by_its_IANA_id_starts(string zone)
    {
        using var app = new HitBotApp(new() { ["HitBot:Program:TimeZone"] = zone });

        app.CreateClient();

        Assert.Equal(zone, app.Get<HitBot.Core.ProgramClock>().Zone.Id);
    }

    [Theory]
    [InlineData("HitBot:Teams:TenantId", "")]
    [InlineData("HitBot:Teams:CatalogAppId", "")]
    [InlineData("HitBot:Teams:CatalogAppId", "com.example.hitbot")]
    public void Proactive_install_without_the_tenant_or_the_catalog_app_id_stops_the_start_naming_the_key(string key, string value)
    {
        var settings = new Dictionary<string, string?>
        {
            ["HitBot:Teams:AppId"] = Guid.NewGuid().ToString(), ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:AppPassword"] = "secret", ["HitBot:Teams:Emulator"] = "false",
            ["HitBot:Teams:ProactiveInstall"] = "true", ["HitBot:Teams:TenantId"] = Guid.NewGuid().ToString(),
            ["HitBot:Teams:CatalogAppId"] = Guid.NewGuid().ToString(),
        };
        settings[key] = value;
        using var app = new HitBotApp(settings);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-but-random-7d1f3a9c", "at least 32")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "variety")]
    [InlineData("abcdefghijabcdefghijabcdefghijabcdefghij", "variety")]
    [InlineData("changeme-changeme-changeme-changeme-0000", "placeholder")]
    [InlineData("paste-the-output-of-openssl-rand-hex-32-here", "placeholder")]
    [InlineData(HitBot.Hosting.AdminOptions.FormerSampleToken, "sample value")]
    public void A_guessable_admin_token_stops_the_start_and_says_how_to_make_one(string token, string why)
    {
        using var app = new HitBotApp(new() { ["HitBot:Admin:Token"] = token });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("openssl rand -hex 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sample_settings_file_holds_no_usable_admin_token()
    {
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoFiles.Of("appsettings.sample.json")))!;

        var token = (string)sample["HitBot"]!["Admin"]!["Token"]!;

        Assert.NotNull(HitBot.Hosting.AdminOptions.Weakness(token));
    }

    /// <summary>
    /// appsettings.sample.json copied as appsettings.Production.json, as the README suggests for settings, with a secret
    /// left as the sample has it: Microsoft or Slack refused it, and with the other chat on HitBot started regardless, its
    /// dashboard saying the chat refuses HitBot, where one line at the start could say which value is still the sample's.
    /// </summary>
    [Theory]
    [InlineData("Teams", "AppPassword")]
    [InlineData("Slack", "SigningSecret")]
    [InlineData("Slack", "BotToken")]
    public void A_secret_left_as_the_sample_placeholder_stops_the_start_naming_it(string section, string key)
    {
        var sample = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(RepoFiles.Of("appsettings.sample.json")))!["HitBot"]!;
        var settings = new Dictionary<string, string?>
        {
            ["HitBot:Teams:AppId"] = Guid.NewGuid().ToString(), ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:AppPassword"] = "a-real-client-secret-value",
            ["HitBot:Teams:Emulator"] = "false",
            ["HitBot:Slack:SigningSecret"] = "8f14e45fceea167a5a36dedd4bea2543", ["HitBot:Slack:BotToken"] = "xoxb-1-2-3",
            ["HitBot:Slack:ApiBaseUrl"] = "https://slack.invalid/api/",
        };
        settings[$"HitBot:{section}:{key}"] = (string)sample[section]![key]!;
        using var app = new HitBotApp(settings);

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith($"HitBot:{section}:{key} is still the placeholder of appsettings.sample.json", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Two settings meant for tests only took http:// to any host: the keys that sign Teams' requests fetched where anyone on
    /// the path could swap them (and so sign as Teams for any linked person), and the Slack bot token sent in the clear with
    /// every call. As for TokenAuthority and GraphBaseUrl, plain http is for this machine's stand-ins only.
    /// </summary>
    [Theory]
    // Names that resolve nowhere (.invalid, RFC 2606): the start is refused before anything is fetched, and nothing could be.
    [InlineData("HitBot:Teams:OpenIdMetadataUrl", "http://login.botframework.invalid/v1/.well-known/openidconfiguration")]
    [InlineData("HitBot:Slack:ApiBaseUrl", "http://slack.invalid/api/")]
    public void A_test_only_address_over_plain_http_to_another_machine_stops_the_start(string key, string url)
    {
        using var app = new HitBotApp(new()
        {
            ["HitBot:Slack:SigningSecret"] = "8f14e45fceea167a5a36dedd4bea2543", ["HitBot:Slack:BotToken"] = "xoxb-1-2-3", [key] = url,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith($"{key} must be an https:// URL", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// Not a URL; or plain http to another machine, where every call would carry HitBot's Bot Framework token in the clear
    /// for anyone on the way to read and write to the school's staff as HitBot until it expires.
    /// </summary>
    [Theory]
    [InlineData("smba.example.org")]
    [InlineData("http://connector.district.example/teams/")]
    [InlineData("http://staging.district.example:3979/")]
    public void An_allowed_service_url_that_is_not_a_url_or_is_plain_http_to_another_machine_stops_the_start(string allowed)
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:AllowedServiceUrls:0"] = allowed });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("HitBot:Teams:AllowedServiceUrls must list absolute https:// URLs", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:3978")]
    [InlineData("http://*:3978")]
    [InlineData("http://localhost:3978;http://hitbot.example.org:80")]
    public void Emulator_mode_does_not_start_when_HitBot_listens_beyond_this_machine(string urls)
    {
        // An in-memory test server: "urls" is only read by the start-up checks; nothing listens on it or calls it.
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "true", ["urls"] = urls });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("listens on this machine alone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_mode_starts_on_localhost()
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:Emulator"] = "true", ["urls"] = "http://localhost:3978" });

        var ready = await app.CreateClient().GetStringAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Contains("emulator", ready, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Emulator_mode_cannot_be_combined_with_a_real_bot()
    {
        using var app = new HitBotApp(new()
        {
            ["HitBot:Teams:AppId"] = Guid.NewGuid().ToString(), ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:AppPassword"] = "secret", ["HitBot:Teams:Emulator"] = "true",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("HitBot:Teams:Emulator", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Connector for people HitBot installs itself for. One outside Teams' hosts started, and then every person the
    /// proactive install reached was refused at the send ("HitBot sends only to Teams' own hosts"): installed, never written to.
    /// </summary>
    [Theory]
    [InlineData("https://smba.example.org/teams/")]
    // Teams' own host over plain http: the settings' validation refuses the start before any part runs, and HitBotApp's
    // LoopbackOnly would refuse a call off this machine anyway: it is never called.
    [InlineData("http://smba.trafficmanager.net/teams/")]
    public void A_teams_service_url_HitBot_would_refuse_to_send_to_stops_the_start(string serviceUrl)
    {
        using var app = new HitBotApp(new()
        {
            ["HitBot:Teams:AppId"] = Guid.NewGuid().ToString(), ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:AppPassword"] = "secret", ["HitBot:Teams:Emulator"] = "false",
            ["HitBot:Teams:ServiceUrl"] = serviceUrl,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith("HitBot:Teams:ServiceUrl", line, StringComparison.Ordinal);
        Assert.Contains("HitBot:Teams:AllowedServiceUrls", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// The client secret or the tenant set and the App ID left out (a line missed in the environment file): Teams was simply
    /// off, an Info line in the log, and with Slack on every Teams person went unreached without a word.
    /// </summary>
    [Theory]
    [InlineData("HitBot:Teams:AppPassword", "the-client-secret-value")]
    [InlineData("HitBot:Teams:TenantId", "5d0c7a1e-2b3f-4c8d-9e6a-1f2b3c4d5e6f")]
    public void A_teams_secret_or_tenant_without_the_app_id_stops_the_start(string key, string value)
    {
        using var app = new HitBotApp(new() { [key] = value, ["HitBot:Teams:Emulator"] = "false" });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        var line = Assert.Single(error.Failures);
        Assert.StartsWith($"HitBot:Teams:AppId is required when {key} is set", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_teams_app_id_without_its_password_stops_the_start()
    {
        using var app = new HitBotApp(new() { ["HitBot:Teams:AppId"] = Guid.NewGuid().ToString(), ["HitBot:Teams:TokenAuthority"] = NeverCalledLogin, ["HitBot:Teams:Emulator"] = "false" });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());

        Assert.Contains("HitBot:Teams:AppPassword", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_start_creates_the_database_and_seeds_the_plan_once_across_restarts()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        using (var first = new HitBotApp(folder: folder))
        {
            first.CreateClient();
            Assert.True(File.Exists(first.DatabasePath));
            var items = first.Get<ActionPlanStore>().All();
            first.Get<ActionPlanStore>().Save(items[0] with { Title = "Our own first step" });
        }
        try
        {
            using var second = new HitBotApp(folder: folder);
            second.CreateClient();

            var items = second.Get<ActionPlanStore>().All();
            Assert.Equal(11, items.Count);
            Assert.Equal("Our own first step", items[0].Title);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }
}
