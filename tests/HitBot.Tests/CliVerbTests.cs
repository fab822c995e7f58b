using HitBot.Cli;
using HitBot.Core.Directory;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class CliVerbTests : IDisposable
{
    readonly HitBotApp app = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Import_roster_reports_what_it_did_and_the_people_are_there()
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\n", Ct);
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(0, exit);
        Assert.Contains("1 added", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("maya@example.org", Assert.Single(app.Get<DirectoryStore>().All()).Email);
    }

    [Fact]
    public async Task Import_roster_names_whom_it_took_roles_from()
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nSam Ortiz,sam@example.org,site champion;tutor\n", Ct);
        await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, new StringWriter(), new StringWriter(), Ct);
        await File.WriteAllTextAsync(file, "name,email,role\nSam Ortiz,sam@example.org,tutor\n", Ct);
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(0, exit);
        Assert.Contains("Sam Ortiz (sam@example.org) no longer has the role site-champion", output.ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A roster over the admin API's 8 MB can only come through the verb, which could neither deactivate leavers nor show
    /// what a file would change first: a large district's leavers kept getting every update.
    /// </summary>
    [Fact]
    public async Task Import_roster_previews_then_deactivates_the_people_missing_from_the_file()
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\nSam Ortiz,sam@example.org,site champion\n", Ct);
        await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, new StringWriter(), new StringWriter(), Ct);
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\n", Ct);
        var preview = new StringWriter();
        var output = new StringWriter();

        var previewExit = await CliVerb.Parse(["import-roster", file, "--deactivate-missing", "--preview"])!.RunAsync(app.Services, preview, preview, Ct);
        var samAfterPreview = app.Get<DirectoryStore>().FindByEmail("sam@example.org")!.Inactive;
        var exit = await CliVerb.Parse(["import-roster", "--deactivate-missing", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal((0, 0), (previewExit, exit));
        Assert.Contains("nothing was changed", preview.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sam Ortiz (sam@example.org, site-champion) would be deactivated: not in the file.", preview.ToString(), StringComparison.Ordinal);
        Assert.False(samAfterPreview);
        Assert.Contains("1 deactivated.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Sam Ortiz (sam@example.org, site-champion) was deactivated: not in the file.", output.ToString(), StringComparison.Ordinal);
        Assert.True(app.Get<DirectoryStore>().FindByEmail("sam@example.org")!.Inactive);
    }

    [Fact]
    public async Task Import_roster_with_a_bad_line_prints_it_and_exits_non_zero()
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,astronaut\n", Ct);
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["import-roster", file])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(1, exit);
        Assert.Contains("line 2: 'astronaut' is not a role", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task Export_cards_writes_every_card_for_teams()
    {
        var folder = Path.Combine(app.Folder, "cards");

        var exit = await CliVerb.Parse(["export-cards", folder])!.RunAsync(app.Services, new StringWriter(), new StringWriter(), Ct);

        Assert.Equal(0, exit);
        var files = System.IO.Directory.GetFiles(folder).Select(Path.GetFileName).ToList();
        Assert.Contains("welcome.teams.json", files);
        Assert.Contains("my-items.teams.json", files);
        Assert.Contains("help.teams.json", files);
    }

    /// <summary>A folder that cannot be made (a file of that name, no rights there) was "Unhandled exception", a stack trace and exit 134.</summary>
    [Fact]
    public async Task Export_cards_to_a_folder_it_cannot_make_says_so_in_one_line()
    {
        var taken = Path.Combine(app.Folder, "cards");
        await File.WriteAllTextAsync(taken, "a file where the folder should be", Ct);
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["export-cards", taken])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(1, exit);
        var line = Assert.Single(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"No cards were written: HitBot cannot make or write the folder {taken}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_verb_prints_the_usage()
    {
        var output = new StringWriter();

        var exit = await CliVerb.Parse(["frobnicate"])!.RunAsync(app.Services, output, output, Ct);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("import-roster", "--skip-invalids", "import-roster takes one FILE.csv and, if you like, --skip-invalid, --deactivate-missing and --preview.")]
    [InlineData("export-cards", "second", "export-cards takes one DIR.")]
    public async Task A_verb_with_a_mistyped_option_says_so_and_does_nothing(string name, string extra, string problem)
    {
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\n", Ct);
        var output = new StringWriter();

        var verb = CliVerb.Parse([name, file, extra])!;
        var exit = await verb.RunAsync(app.Services, output, output, Ct);

        Assert.Equal((2, problem), (exit, verb.Problem));
        Assert.StartsWith(problem, output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, app.Get<DirectoryStore>().Count());
    }

    [Fact]
    public async Task A_setting_written_before_the_verb_still_runs_the_verb_not_the_server()
    {
        // `dotnet HitBot.dll --HitBot:Storage:Path=/var/lib/hitbot/hitbot.db import-roster roster.csv`, with the service stopped
        // as the README asks: read as "no verb", it started a whole HitBot on the production file and began sending.
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\n", Ct);
        var output = new StringWriter();

        var verb = CliVerb.Parse(["--HitBot:Storage:Path=elsewhere.db", "import-roster", file, "--HitBot:Program:Name=Ours"]);

        Assert.NotNull(verb);
        Assert.Equal("import-roster", verb.Name);
        Assert.Equal(["--HitBot:Storage:Path=elsewhere.db", "--HitBot:Program:Name=Ours"], verb.ConfigurationArgs);
        Assert.Equal(0, await verb.RunAsync(app.Services, output, output, Ct));
        Assert.Equal("maya@example.org", Assert.Single(app.Get<DirectoryStore>().All()).Email);
    }

    [Fact]
    public async Task A_setting_written_with_a_space_before_the_verb_still_runs_the_verb_not_the_server()
    {
        // .NET reads `--HitBot:Storage:Path /var/lib/hitbot/hitbot.db` as well as the `=` form. Before the verb, the key
        // alone was taken for "no verb": a whole HitBot started on the file the operator had stopped the service for.
        var file = Path.Combine(app.Folder, "roster.csv");
        await File.WriteAllTextAsync(file, "name,email,role\nMaya Lopez,maya@example.org,tutor\n", Ct);
        var output = new StringWriter();

        var verb = CliVerb.Parse(["--HitBot:Storage:Path", "elsewhere.db", "import-roster", file, "--HitBot:Program:Name", "Ours"]);

        Assert.NotNull(verb);
        Assert.Equal("import-roster", verb.Name);
        Assert.Equal(["--HitBot:Storage:Path", "elsewhere.db", "--HitBot:Program:Name", "Ours"], verb.ConfigurationArgs);
        Assert.Equal(0, await verb.RunAsync(app.Services, output, output, Ct));
        Assert.Equal("maya@example.org", Assert.Single(app.Get<DirectoryStore>().All()).Email);
    }

    [Fact]
    public void A_mistyped_verb_after_a_setting_with_a_space_says_so_instead_of_starting_the_server()
    {
        var verb = CliVerb.Parse(["--urls", "http://localhost:3990", "bakup"]);

        Assert.Equal("'bakup' is not a HitBot verb: import-roster, export-cards or backup.", verb?.Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls=http://127.0.0.1:5000")]
    [InlineData("--urls http://127.0.0.1:5000")]
    [InlineData("--HitBot:Teams:Emulator=true --urls=http://localhost:3979")]
    public void Settings_alone_start_the_server(string args) =>
        Assert.Null(CliVerb.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries)));

    public void Dispose() => app.Dispose();
}
