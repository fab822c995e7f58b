using System.Reflection;
using HitBot.Core;
using HitBot.Core.ActionPlan;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Slack;
using HitBot.Teams;

namespace HitBot.Hosting;

/// <summary>
/// Keys under <c>HitBot</c> that no setting reads. Configuration binding skips them without a word, so a misspelt key
/// (<c>HitBot__Progam__TimeZone</c>) left the default in force — a program run in New York time — with nothing said.
/// </summary>
public static class UnknownSettings
{
    static readonly Dictionary<string, Type> Sections = new[]
    {
        (ProgramOptions.Section, typeof(ProgramOptions)), (StorageOptions.Section, typeof(StorageOptions)),
        (DispatcherOptions.Section, typeof(DispatcherOptions)), (ActionPlanOptions.Section, typeof(ActionPlanOptions)),
        (SurveyOptions.Section, typeof(SurveyOptions)), (AdminOptions.Section, typeof(AdminOptions)),
        (TelemetryOptions.Section, typeof(TelemetryOptions)), (TeamsOptions.Section, typeof(TeamsOptions)),
        (SlackOptions.Section, typeof(SlackOptions)), (HostingOptions.Section, typeof(HostingOptions)),
    }.ToDictionary(s => s.Item1, s => s.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting HitBot reads (<c>HitBot:Program:TimeZone</c>, …), with its options class and property: what README's Settings table lists.</summary>
    public static IEnumerable<(string Key, Type Options, PropertyInfo Property)> Known() =>
        Sections.SelectMany(s => Settable(s.Value).Select(p => ($"{s.Key}:{p.Name}", s.Value, p)));

    static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    /// <summary>
    /// The full keys (<c>HitBot:Progam:TimeZone</c>, <c>HitBot:Program:TimeZon</c>) that are not settings, in order. Under a
    /// section that is not one, each key with a value is named, as the environment file spells it, not the section alone.
    /// </summary>
    public static List<string> In(IConfiguration configuration)
    {
        var unknown = new List<string>();
        foreach (var section in configuration.GetSection("HitBot").GetChildren())
        {
            if (!Sections.TryGetValue(section.Path, out var type))
            {
                unknown.AddRange(Leaves(section).Order(StringComparer.OrdinalIgnoreCase));
                continue;
            }
            var names = Settable(type).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            unknown.AddRange(section.GetChildren().Where(key => !names.Contains(key.Key)).Select(key => key.Path));
        }
        return unknown;
    }

    static IEnumerable<string> Leaves(IConfigurationSection section) =>
        section.GetChildren().ToList() is { Count: > 0 } children ? children.SelectMany(Leaves) : [section.Path];

    /// <summary>
    /// The setting <paramref name="key"/> was most likely meant to be (<c>HitBot:Slack:BotToken</c> for <c>HitBot:Slak:BotToken</c>),
    /// or null when none is within a few typing slips of it: a far-off guess would send the reader to the wrong line.
    /// </summary>
    public static string? Closest(string key)
    {
        const int MostSlips = 3;
        var (best, distance) = (default(string), int.MaxValue);
        foreach (var (known, _, _) in Known())
        {
            var d = Distance(key.ToUpperInvariant(), known.ToUpperInvariant());
            if (d < distance) (best, distance) = (known, d);
        }
        return distance <= MostSlips ? best : null;
    }

    /// <summary>Levenshtein distance: letters added, dropped or changed.</summary>
    static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
