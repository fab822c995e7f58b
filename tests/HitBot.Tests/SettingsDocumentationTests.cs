using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Hosting;
using Microsoft.Extensions.Configuration;

namespace HitBot.Tests;

/// <summary>
/// What a district's IT person reads before the first start: the README's Settings table and appsettings.sample.json
/// name every setting HitBot reads, with its real default, and nothing it does not read.
/// </summary>
public sealed partial class SettingsDocumentationTests
{
    /// <summary>Defaults worked out at run time, which the README states for the machine HitBot runs on.</summary>
    static readonly Dictionary<string, string> ComputedDefaults = new(StringComparer.Ordinal)
    {
        ["HitBot:Surveys:AnonymityKeyPath"] = "~/.local/share/HitBot/anonymity.key",
    };

    [Fact]
    public void The_README_settings_table_lists_every_setting_with_its_default_and_its_environment_variable()
    {
        var documented = ReadmeSettings();

        var problems = new List<string>();
        foreach (var (key, options, property) in UnknownSettings.Known())
        {
            if (!documented.TryGetValue(key, out var row))
            {
                problems.Add($"{key} is read by {options.Name} but missing from the README's Settings table");
                continue;
            }
            var expected = ComputedDefaults.GetValueOrDefault(key) ?? Shown(property.GetValue(Activator.CreateInstance(options)));
            if (row.Default != expected) problems.Add($"{key}: the README says the default is {row.Default}, the code's is {expected}");
            var variable = key.Replace(":", "__", StringComparison.Ordinal);
            if (row.Environment is not null && row.Environment != variable && row.Environment != variable + "__0")
                problems.Add($"{key}: the README names the environment variable {row.Environment}");
        }

        Assert.Empty(problems);
    }

    [Fact]
    public void The_README_settings_table_lists_no_setting_HitBot_does_not_read()
    {
        var known = UnknownSettings.Known().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);

        var invented = ReadmeSettings().Keys.Where(key => !known.Contains(key)).ToList();

        Assert.Empty(invented);
    }

    [Fact]
    public void The_sample_settings_file_shows_every_setting_and_only_settings()
    {
        var path = RepoFile("appsettings.sample.json");
        var sample = JsonNode.Parse(File.ReadAllText(path))!["HitBot"]!.AsObject();
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var missing = UnknownSettings.Known()
            .Where(k => k.Key.Split(':') is [_, var section, var name] && sample[section]?.AsObject().ContainsKey(name) != true)
            .Select(k => k.Key).ToList();

        Assert.Empty(missing);
        Assert.Empty(UnknownSettings.In(configuration));
    }

    /// <summary>
    /// The list of settings the two tests above check comes from UnknownSettings' sections. An options class bound to a
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
    /// Outside the table a setting is named in the README's prose, in the start-up refusals ("HitBot:Slack:BotToken must
    /// be …") and on dashboard pages: a name that is not a setting's (an old or misspelt one) sends the reader to set a key
    /// HitBot ignores.
    /// </summary>
    [Fact]
    public void Every_setting_the_README_or_HitBot_itself_names_is_one_HitBot_reads()
    {
        var known = UnknownSettings.Known().Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        var sections = known.Select(k => k[..k.LastIndexOf(':')]).ToHashSet(StringComparer.Ordinal);
        var src = RepoFile("src");
        var files = System.IO.Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(RepoFile("README.md")).ToList();

        var unknown = files.SelectMany(f => SettingName().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(RepoFile("."), f), Name: m.Value)))
            .Select(x => (x.File, x.Name, Key: x.Name.Replace("__", ":", StringComparison.Ordinal)))
            .Select(x => (x.File, x.Name, Key: NumberedEntry().Replace(x.Key, "")))
            .Where(x => !MisspeltOnPurpose.Contains(x.Key) && !(x.Key.Count(c => c == ':') == 1 ? sections.Contains(x.Key) : known.Contains(x.Key)))
            .Select(x => $"{x.File}: {x.Name}").Distinct().ToList();

        Assert.True(files.Count > 100, $"expected HitBot's sources, found {files.Count} files under {src}");
        Assert.True(unknown.Count == 0, string.Join("\n", unknown));
    }

    [GeneratedRegex(@"HitBot(?::|__)[A-Z][A-Za-z]*(?:(?::|__)[A-Za-z0-9]+)*")]
    private static partial Regex SettingName();

    /// <summary>The index of a list setting's entry, <c>HitBot__Teams__AllowedServiceUrls__0</c>.</summary>
    [GeneratedRegex(@":[0-9]+$")]
    private static partial Regex NumberedEntry();

    /// <summary>The settings a district fills in for itself: the sample shows an example, not the default.</summary>
    static readonly HashSet<string> DistrictValues = new(StringComparer.Ordinal)
    {
        "HitBot:Storage:Path", "HitBot:Admin:Token", "HitBot:Program:TimeZone", "HitBot:Program:Name", "HitBot:Teams:AppId",
        "HitBot:Teams:AppPassword", "HitBot:Teams:TenantId", "HitBot:Slack:SigningSecret", "HitBot:Slack:BotToken",
        "HitBot:Surveys:AnonymityKeyPath",
    };

    /// <summary>
    /// README says to copy the sample as appsettings.Production.json. Its MaxAttempts of 8, long after the default became 16,
    /// brought back what 16 fixed: a delivery given up after four minutes of Teams or Slack being down.
    /// </summary>
    [Fact]
    public void The_sample_settings_file_keeps_the_default_of_every_setting_a_district_need_not_choose()
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFile("appsettings.sample.json")).Build();

        var differing = UnknownSettings.Known().Where(k => !DistrictValues.Contains(k.Key))
            .Select(k => (k.Key, Sample: configuration[k.Key] ?? "", Default: Shown(k.Property.GetValue(Activator.CreateInstance(k.Options))).Replace("*(empty)*", "", StringComparison.Ordinal)))
            .Where(k => !string.Equals(k.Sample, k.Default, StringComparison.OrdinalIgnoreCase))
            .Select(k => $"{k.Key}: the sample says {k.Sample}, the default is {k.Default}").ToList();

        Assert.Empty(differing);
    }

    /// <summary>The table's rows by key; a row such as "`HitBot:ActionPlan:WorkdayStart` / `WorkdayEnd`" gives both keys.</summary>
    /// <summary>The environment variable is checked on a row's first key (the others are written "…End").</summary>
    static Dictionary<string, (string? Environment, string Default)> ReadmeSettings()
    {
        var readme = File.ReadAllText(RepoFile("README.md"));
        var table = readme[readme.IndexOf("\n## Settings\n", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var rows = new Dictionary<string, (string?, string)>(StringComparer.Ordinal);
        foreach (var line in table.Split('\n').Where(l => l.StartsWith("| `HitBot:", StringComparison.Ordinal)))
        {
            var cells = line.Split('|').Select(c => c.Trim()).ToArray();
            var names = Code().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var defaults = cells[3].Split(" / ").Select(d => d.Trim().Trim('`')).ToList();
            var section = names[0][..names[0].LastIndexOf(':')];
            for (var i = 0; i < names.Count; i++)
                rows[names[i].Contains(':', StringComparison.Ordinal) ? names[i] : $"{section}:{names[i]}"] =
                    (i == 0 ? Code().Match(cells[2]).Groups[1].Value : null, defaults[Math.Min(i, defaults.Count - 1)]);
        }
        return rows;
    }

    static string Shown(object? value) => value switch
    {
        null or "" => "*(empty)*",
        System.Collections.ICollection { Count: 0 } => "*(empty)*",
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    static string RepoFile(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HitBot.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("HitBot.sln not found above the test folder."), name);
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
