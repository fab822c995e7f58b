using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HitBot.Hosting;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>What a newcomer meets on a first local run: a way into the dashboard, and help that does not start a server.</summary>
public sealed class LocalRunTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    // An in-memory test server: "urls" is only read by the local-token check; nothing listens on it or calls it.
    static HitBotApp LocalApp(string environment, string urls) => new(new()
    {
        ["environment"] = environment,
        ["urls"] = urls,
        ["HitBot:Admin:Token"] = "",
        // Teams off: emulator mode (the test host's default) refuses to start beyond loopback (StartupTests).
        ["HitBot:Teams:Emulator"] = "false",
    });

    [Fact]
    public async Task A_local_development_run_without_an_admin_token_makes_one_that_opens_the_admin_API()
    {
        using var app = LocalApp("Development", "http://localhost:3978");
        var token = app.Get<LocalAdminToken>().Value;
        var client = app.CreateClient();

        var without = await client.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var with = await client.GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Equal($"http://localhost:3978/login#token={token}", app.Get<LocalAdminToken>().SignInLink("http://localhost:3978/"));
    }

    [Theory]
    [InlineData("Production", "http://localhost:3978")]
    [InlineData("Development", "http://0.0.0.0:3978")]
    [InlineData("Development", "http://*:3978")]
    [InlineData("Development", "http://localhost:3978;http://hitbot.example.org:80")]
    public async Task No_token_is_made_outside_development_or_when_HitBot_listens_beyond_this_machine(string environment, string urls)
    {
        using var app = LocalApp(environment, urls);

        var response = await app.CreateClient().GetAsync(new Uri("/api/admin/people", UriKind.Relative), Ct);

        Assert.Null(app.Get<LocalAdminToken>().Value);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Help_prints_the_verbs_and_where_the_settings_are_instead_of_starting_the_server()
    {
        var (exitCode, output, _) = await RunHitBotAsync(Path.GetTempPath(), "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("import-roster FILE.csv", output, StringComparison.Ordinal);
        Assert.Contains("export-cards DIR", output, StringComparison.Ordinal);
        Assert.Contains("Settings table", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", output, StringComparison.Ordinal);
    }

    /// <summary>Exit code 1 and the line an IT person reads first: no "Unhandled exception", no stack trace under it.</summary>
    static void AssertStoppedWithOneLine(int exitCode, string errors, string line)
    {
        Assert.Equal(1, exitCode);
        Assert.StartsWith(line, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--HitBot:Program:MaxNudgesPerWeek=99", "HitBot did not start: HitBot:Program:MaxNudgesPerWeek must be a whole number from 1 to 50.")]
    [InlineData("--HitBot:Program:TimeZone=America/Chicag", "HitBot did not start: HitBot:Program:TimeZone is not a time zone this machine knows")]
    [InlineData("--HitBot:Program:MaxNudgesPerWeek=lots", "HitBot did not start: Failed to convert configuration value 'lots' at 'HitBot:Program:MaxNudgesPerWeek'")]
    [InlineData("--HitBot:Admin:PersonalTokenDays=-30", "HitBot did not start: HitBot:Admin:PersonalTokenDays must be a whole number of days from 0 (personal tokens never expire) to 36500, not -30.")]
    [InlineData("--HitBot:Admin:PersonalTokenDays=a year", "HitBot did not start: Failed to convert configuration value 'a year' at 'HitBot:Admin:PersonalTokenDays'")]
    [InlineData("--HitBot:Slack:SigningSecret=8f14e45fceea167a5a36dedd4bea2543", "HitBot did not start: HitBot:Slack:BotToken is required when HitBot:Slack:SigningSecret is set")]
    [InlineData("--HitBot:Teams:AppId=1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d", "HitBot did not start: HitBot:Teams:AppPassword is required when HitBot:Teams:AppId is set")]
    // A key folder the service account cannot make (here a device where the folder should be) started fine, and the first
    // anonymous survey answer, months later, failed.
    [InlineData("--HitBot:Surveys:AnonymityKeyPath=/dev/null/anonymity.key", "HitBot did not start: HitBot:Surveys:AnonymityKeyPath is in a folder HitBot cannot write (/dev/null:")]
    public async Task A_mistyped_setting_stops_the_start_with_one_line_that_names_it_not_a_stack_trace(string setting, string line)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-settings-").FullName;
        var (exitCode, output, errors) = await RunHitBotAsync(folder, "--HitBot:Storage:Path=" + Path.Combine(folder, "hitbot.db"), "--urls=http://127.0.0.1:0", setting);

        AssertStoppedWithOneLine(exitCode, errors, line);
        // journald and Docker show both streams together: the log must not bury the line under the host's stack trace.
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Two_wrong_settings_are_two_lines_not_a_stack_trace()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-settings-").FullName;
        var (exitCode, output, errors) = await RunHitBotAsync(folder, "--HitBot:Storage:Path=" + Path.Combine(folder, "hitbot.db"), "--urls=http://127.0.0.1:0",
            "--HitBot:Slack:BotToken=xoxb-1-2-3", "--HitBot:Admin:Token=short");

        Assert.Equal(1, exitCode);
        Assert.Equal(2, errors.Trim().Split('\n').Length);
        Assert.Contains("HitBot did not start: HitBot:Admin:Token must be at least 32 characters.", errors, StringComparison.Ordinal);
        Assert.Contains("HitBot did not start: HitBot:Slack:SigningSecret is required", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + errors, StringComparison.Ordinal);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_bot_token_Slack_refuses_stops_the_start_with_one_line_naming_the_setting_not_an_abort()
    {
        await using var slack = await FakeSlackApi.StartAsync();
        slack.FailNext("auth.test", "invalid_auth");
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-settings-").FullName;

        var (exitCode, _, errors) = await RunHitBotAsync(folder, "--HitBot:Storage:Path=" + Path.Combine(folder, "hitbot.db"), "--urls=http://127.0.0.1:0",
            "--HitBot:Slack:SigningSecret=" + SlackRequests.Secret, "--HitBot:Slack:BotToken=xoxb-pasted-from-the-wrong-app", "--HitBot:Slack:ApiBaseUrl=" + slack.ApiBaseUrl);

        AssertStoppedWithOneLine(exitCode, errors, "HitBot did not start: Slack refused HitBot:Slack:BotToken (invalid_auth).");
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_address_another_program_listens_on_stops_the_start_with_one_line_saying_so()
    {
        using var other = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-port-").FullName;

        var (exitCode, output, errors) = await RunHitBotAsync(folder, "--HitBot:Storage:Path=" + Path.Combine(folder, "hitbot.db"), $"--urls=http://127.0.0.1:{port}");

        AssertStoppedWithOneLine(exitCode, errors, $"HitBot did not start: Failed to bind to address http://127.0.0.1:{port}: address already in use.");
        Assert.Contains("ASPNETCORE_URLS or --urls", errors, StringComparison.Ordinal);
        // The console log (stdout) had the host's "Hosting failed to start" and Kestrel's 40-line stack trace above the line.
        Assert.DoesNotContain("Hosting failed to start", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_mistyped_verb_says_so_and_opens_no_database()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-verb-").FullName;
        var (exitCode, output, errors) = await RunHitBotAsync(folder, "bakup", "nightly.db", "--HitBot:Storage:Path=hitbot.db");

        Assert.Equal(2, exitCode);
        Assert.Equal("'bakup' is not a HitBot verb: import-roster, export-cards or backup.", errors.Trim());
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.GetFiles(folder)); // no hitbot.db made for a typo
        System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// A nightly <c>backup</c> in cron, or an import in a script, keeps what went wrong apart from what was done: the
    /// problem went to standard output, where a script that logs standard error found nothing when the backup failed.
    /// </summary>
    [Theory]
    [InlineData("backup", "nightly.db", "--HitBot:Admin:Token=", "Set HitBot:Admin:Token")]
    [InlineData("import-roster", "missing.csv", "--HitBot:Storage:Path=hitbot.db", "No such file: missing.csv")]
    public async Task A_verb_that_fails_says_why_on_standard_error_and_nothing_on_standard_output(string verb, string file, string setting, string says)
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-verb-").FullName;
        var (exitCode, output, errors) = await RunHitBotAsync(folder, verb, file, setting);

        Assert.Equal(1, exitCode);
        Assert.StartsWith(says, errors, StringComparison.Ordinal);
        Assert.Equal("", output);
        System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>
    /// export-cards writes sample cards only: it opened (and on a fresh machine created) the database, so it could not run
    /// beside a running HitBot ("in use") and left an empty hitbot.db wherever a reviewer tried it.
    /// </summary>
    [Fact]
    public async Task Export_cards_writes_the_samples_without_opening_a_database()
    {
        var folder = System.IO.Directory.CreateTempSubdirectory("hitbot-cards-").FullName;
        var (exitCode, output, errors) = await RunHitBotAsync(folder, "export-cards", "cards", "--HitBot:Storage:Path=hitbot.db");

        Assert.True(exitCode == 0, errors);
        Assert.StartsWith("Wrote ", output.Split('\n').Last(l => l.Length > 0), StringComparison.Ordinal);
        Assert.NotEmpty(System.IO.Directory.GetFiles(Path.Combine(folder, "cards")));
        Assert.Empty(System.IO.Directory.GetFiles(folder)); // no hitbot.db, no hitbot-log.db
        System.IO.Directory.Delete(folder, recursive: true);
    }

    /// <summary>Runs the built HitBot.dll as an operator would, in <paramref name="folder"/>: its exit code and both outputs.</summary>
    internal static async Task<(int ExitCode, string Output, string Errors)> RunHitBotAsync(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HitBot.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(TimeSpan.FromSeconds(60));
        // Both streams at once: a process blocked writing to a full pipe nobody reads would never exit.
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var errors = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await output, await errors);
    }
}
