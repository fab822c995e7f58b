using System.Text.RegularExpressions;
using HitBot.Cli;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>
/// A district's IT person runs the verbs from the README's CLI verbs table, or from <c>--help</c> on a server with no
/// README at hand: both name every verb HitBot takes, with the same arguments, and every command the README shows runs.
/// </summary>
public sealed partial class CliVerbDocumentationTests
{
    [Fact]
    public void The_usage_text_and_the_README_name_every_verb_HitBot_takes_with_the_same_arguments()
    {
        var readme = ReadmeVerbs();
        var usage = UsageVerbs();

        Assert.Equal(CliVerb.Verbs.Select(v => v.Verb), readme.Select(Verb));
        Assert.Equal(readme, usage);
        // The architecture notes list the verbs for whoever changes them; they drifted to import-roster FILE [--skip-invalid].
        Assert.All(readme, synopsis => Assert.Contains($"- `{synopsis}`", File.ReadAllText(RepoFiles.Of("docs/architecture.md")), StringComparison.Ordinal));
        Assert.All(CliVerb.Verbs, v => Assert.Equal(v.Options, Options(readme.Single(r => Verb(r) == v.Verb))));
    }

    [Fact]
    public void Every_verb_written_as_the_README_shows_it_runs_and_an_option_it_does_not_list_is_refused()
    {
        var problems = new List<string>();
        foreach (var synopsis in ReadmeVerbs())
        {
            string[] args = [.. Filled(synopsis).Split(' ')];
            if (CliVerb.Parse(args)?.Problem is { } problem) problems.Add($"{string.Join(' ', args)}: {problem}");
            if (CliVerb.Parse([.. args, "--no-such-option"])?.Problem is null) problems.Add($"{Verb(synopsis)} took --no-such-option");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The commands in the README's examples (<c>dotnet run --project src/HitBot -- …</c>, <c>dotnet HitBot.dll …</c>).</summary>
    [Fact]
    public void Every_command_the_README_gives_is_one_HitBot_takes()
    {
        var readme = File.ReadAllText(RepoFiles.Of("README.md"));

        var commands = Command().Matches(readme).Select(m => m.Groups["args"].Value).Where(c => !c.StartsWith('<')).ToList();
        var refused = commands.Select(c => (Command: c, Verb: CliVerb.Parse(Words(c))))
            .Where(c => c.Verb?.Problem is not null).Select(c => $"{c.Command}: {c.Verb!.Problem}").ToList();

        Assert.True(commands.Count >= 8, $"expected the README's examples, found {commands.Count}");
        Assert.True(refused.Count == 0, string.Join("\n", refused));
    }

    [Fact]
    public void The_usage_text_and_the_README_name_every_way_to_ask_for_help()
    {
        var cli = Section(File.ReadAllText(RepoFiles.Of("README.md")), "CLI verbs");
        var usageLine = CliVerb.Help.Split('\n').Single(l => l.TrimStart().StartsWith("HitBot --help", StringComparison.Ordinal));

        Assert.All(CliVerb.HelpOptions, option =>
        {
            Assert.Contains(option, usageLine, StringComparison.Ordinal);
            Assert.Contains($"`{option}`", cli, StringComparison.Ordinal);
            Assert.True(CliVerb.AsksForHelp([option]));
        });
        Assert.Contains(" help ", usageLine, StringComparison.Ordinal);
        Assert.Contains("`help` first", cli, StringComparison.Ordinal);
        Assert.True(CliVerb.AsksForHelp(["help"]));
    }

    /// <summary>The first cells of the README's CLI verbs table: <c>import-roster FILE.csv [--skip-invalid] …</c>.</summary>
    static List<string> ReadmeVerbs() =>
        [.. Section(File.ReadAllText(RepoFiles.Of("README.md")), "CLI verbs").Split('\n')
            .Select(l => TableVerb().Match(l)).Where(m => m.Success).Select(m => m.Groups["synopsis"].Value)];

    /// <summary>The usage text's lines "HitBot VERB ARGS   what it does", without "HitBot" alone and "HitBot --help".</summary>
    static List<string> UsageVerbs() =>
        [.. CliVerb.Help.Split('\n').Select(l => UsageVerb().Match(l)).Where(m => m.Success).Select(m => m.Groups["synopsis"].Value.Trim())];

    static string Verb(string synopsis) => synopsis.Split(' ')[0];

    static List<string> Options(string synopsis) => [.. OptionIn().Matches(synopsis).Select(m => m.Groups[1].Value)];

    /// <summary>The synopsis with its placeholders filled in and every option given: <c>backup FILE [--url URL]</c> is <c>backup hitbot.db --url http://localhost:3978</c>.</summary>
    static string Filled(string synopsis) => synopsis.Replace("[", "", StringComparison.Ordinal).Replace("]", "", StringComparison.Ordinal)
        .Replace("FILE.csv", "roster.csv", StringComparison.Ordinal).Replace("FILE", "hitbot.db", StringComparison.Ordinal)
        .Replace("DIR", "cards", StringComparison.Ordinal).Replace("URL", "http://localhost:3978", StringComparison.Ordinal);

    /// <summary>A shell line's arguments: a comment or closing quote ends it, and <c>$(date +%F)</c> is part of one word.</summary>
    static string[] Words(string line) =>
        ShellSubstitution().Replace(line.Split(["  #", "'"], StringSplitOptions.None)[0], "X").Split(' ', StringSplitOptions.RemoveEmptyEntries);

    static string Section(string readme, string title)
    {
        var start = readme.IndexOf($"\n## {title}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"the README has no '## {title}' section");
        var section = readme[start..];
        return section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)];
    }

    [GeneratedRegex(@"^\| `(?<synopsis>[a-z][a-z-]+(?: [^`]*)?)` \|")]
    private static partial Regex TableVerb();

    [GeneratedRegex(@"^  HitBot (?<synopsis>[a-z][a-z-]+ .*?)(?:  |$)")]
    private static partial Regex UsageVerb();

    [GeneratedRegex(@"\[(--[a-z-]+)")]
    private static partial Regex OptionIn();

    [GeneratedRegex(@"(?:src/HitBot --|HitBot\.dll) (?<args>[^`|\n]+)")]
    private static partial Regex Command();

    [GeneratedRegex(@"\$\([^)]*\)")]
    private static partial Regex ShellSubstitution();
}
