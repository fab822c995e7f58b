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
        (SlackOptions.Section, typeof(SlackOptions)),
    }.ToDictionary(s => s.Item1, s => s.Item2, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every setting HitBot reads (<c>HitBot:Program:TimeZone</c>, …), with its options class and property: what README's Settings table lists.</summary>
    public static IEnumerable<(string Key, Type Options, PropertyInfo Property)> Known() =>
        Sections.SelectMany(s => Settable(s.Value).Select(p => ($"{s.Key}:{p.Name}", s.Value, p)));

    static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite);

    /// <summary>The full keys (<c>HitBot:Progam</c>, <c>HitBot:Program:TimeZon</c>) that are not settings, in order.</summary>
    public static List<string> In(IConfiguration configuration)
    {
        var unknown = new List<string>();
        foreach (var section in configuration.GetSection("HitBot").GetChildren())
        {
            if (!Sections.TryGetValue(section.Path, out var type))
            {
                unknown.Add(section.Path);
                continue;
            }
            var names = Settable(type).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            unknown.AddRange(section.GetChildren().Where(key => !names.Contains(key.Key)).Select(key => key.Path));
        }
        return unknown;
    }
}
