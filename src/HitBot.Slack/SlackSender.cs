using HitBot.Core.Directory;

namespace HitBot.Slack;

/// <summary>
/// Who sent a Slack request: the roster person, or nobody on the roster; <see cref="LookupFailed"/> when Slack could not
/// be asked, so nobody can tell (they must not be answered as someone not on the roster).
/// </summary>
public sealed record SlackSender(Person? Person, bool LookupFailed = false)
{
    public static readonly SlackSender NotOnRoster = new(Person: null);
    public static readonly SlackSender Unchecked = new(Person: null, LookupFailed: true);
}
