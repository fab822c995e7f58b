using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HitBot.Hosting;
using Microsoft.Extensions.Configuration;
using HitBot.Tests.Infrastructure;

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
        var path = RepoFiles.Of("appsettings.sample.json");
        var sample = JsonNode.Parse(File.ReadAllText(path))!["HitBot"]!.AsObject();
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var missing = UnknownSettings.Known()
            .Where(k => k.Key.Split(':') is [_, var section, var name] && sample[section]?.AsObject().ContainsKey(name) != true)
            .Select(k => k.Key).ToList();

        Assert.Empty(missing);
        Assert.Empty(UnknownSettings.In(configuration));
    }

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
        var configuration = new ConfigurationBuilder().AddJsonFile(RepoFiles.Of("appsettings.sample.json")).Build();

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
        var readme = File.ReadAllText(RepoFiles.Of("README.md"));
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

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
