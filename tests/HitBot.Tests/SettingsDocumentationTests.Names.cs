using System.Reflection;
using System.Text.RegularExpressions;
using HitBot.Hosting;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

/// <summary>Settings named outside the table: in the README's prose, in HitBot's own messages, and ASP.NET Core's that HitBot reads.</summary>
public sealed partial class SettingsDocumentationTests
{
    /// <summary>
    /// The list of settings the table and sample tests check comes from UnknownSettings' sections. An options class bound to a
    /// section missing there would be in no table and no sample, and every key of it would be warned about as "not a
    /// HitBot setting" at each start.
    /// </summary>
    [Fact]
    public void Every_options_class_HitBot_binds_is_in_the_list_the_README_is_checked_against()
    {
        var known = UnknownSettings.Known().Select(k => k.Options).ToHashSet();
        Type[] anchors = [typeof(Program), typeof(HitBot.Core.ProgramOptions), typeof(HitBot.Teams.TeamsOptions), typeof(HitBot.Slack.SlackOptions)];

        var unlisted = anchors.SelectMany(a => a.Assembly.GetTypes())
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } f
                && f.GetRawConstantValue() is string section && section.StartsWith("HitBot:", StringComparison.Ordinal))
            .Where(t => !known.Contains(t)).Select(t => t.FullName).ToList();

        Assert.Empty(unlisted);
    }

    /// <summary>Keys written wrong on purpose: the README's and the code's examples of a misspelt setting.</summary>
    static readonly HashSet<string> MisspeltOnPurpose = new(StringComparer.Ordinal)
    {
        "HitBot:Progam:TimeZone", "HitBot:Program:TimeZon", "HitBot:Slak:BotToken",
    };

    /// <summary>
    /// Outside the table a setting is named in the README's prose and the notes in docs/, in the start-up refusals ("HitBot:Slack:BotToken must
    /// be …") and on dashboard pages: a name that is not a setting's (an old or misspelt one) sends the reader to set a key
    /// HitBot ignores.
    /// </summary>
    [Fact]
    public void Every_setting_the_README_or_HitBot_itself_names_is_one_HitBot_reads()
    {
        var known = UnknownSettings.Known().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var sections = known.Select(k => k[..k.LastIndexOf(':')]).ToHashSet(StringComparer.Ordinal);
        var src = RepoFiles.Of("src");
        var files = System.IO.Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(RepoFiles.Of("README.md")).Concat(System.IO.Directory.EnumerateFiles(RepoFiles.Of("docs"), "*.md")).ToList();

        var unknown = files.SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepoFiles.Of("."), f), Name: m.Value)))
            .Select(x => (x.File, x.Name, Key: x.Name.Replace("__", ":", StringComparison.Ordinal)))
            .Select(x => (x.File, x.Name, Key: NumberedEntry().Replace(x.Key, "")))
            .Where(x => !MisspeltOnPurpose.Contains(x.Key) && !(x.Key.Count(c => c == ':') == 1 ? sections.Contains(x.Key) : known.Contains(x.Key)))
            .Select(x => $"{x.File}: {x.Name}").Distinct().ToList();

        Assert.True(files.Count > 100, $"expected HitBot's sources, found {files.Count} files under {src}");
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    /// <summary>
    /// Besides its own settings HitBot reads a few of ASP.NET Core's (where it listens, whether a proxy's headers count) and
    /// could read an environment variable of its own: each decides what HitBot does (a sign-in token made or not, emulator
    /// mode refused), so the README names each, as ASP.NET Core's environment variable (<c>ASPNETCORE_HTTP_PORTS</c> for
    /// <c>http_ports</c>) or as the key itself (<c>Kestrel:Endpoints</c>).
    /// </summary>
    [Fact]
    public void Every_other_setting_or_environment_variable_HitBot_reads_is_named_in_the_README()
    {
        var readme = File.ReadAllText(RepoFiles.Of("README.md"));
        var read = System.IO.Directory.EnumerateFiles(RepoFiles.Of("src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => OtherSettingRead().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Key: m.Groups["key"].Value)))
            .Where(r => !r.Key.StartsWith("HitBot", StringComparison.Ordinal)).ToList();

        var unnamed = read.Where(r => !readme.Contains($"`{r.Key}`", StringComparison.Ordinal)
                && !readme.Contains($"`ASPNETCORE_{r.Key.ToUpperInvariant()}", StringComparison.Ordinal))
            .Select(r => $"{r.File} reads {r.Key}").Distinct().ToList();

        Assert.True(read.Count >= 5, $"expected HitBot's reads of urls, http_ports and the like, found {read.Count}");
        Assert.True(unnamed.Count == 0, string.Join("\n", unnamed));
    }

    /// <summary>A key read by name: <c>configuration["urls"]</c>, <c>GetValue&lt;bool&gt;("X")</c>, <c>GetSection("X")</c>, <c>GetEnvironmentVariable("X")</c>.</summary>
    [GeneratedRegex(@"(?:[cC]onfiguration\[|GetValue<\w+>\(|GetSection\(|GetEnvironmentVariable\()""(?<key>[^""{]+)""")]
    private static partial Regex OtherSettingRead();

    [GeneratedRegex(@"HitBot(?::|__)[A-Z][A-Za-z]*(?:(?::|__)[A-Za-z0-9]+)*")]
    private static partial Regex SettingName();

    /// <summary>The index of a list setting's entry, <c>HitBot__Teams__AllowedServiceUrls__0</c>.</summary>
    [GeneratedRegex(@":[0-9]+$")]
    private static partial Regex NumberedEntry();
}
