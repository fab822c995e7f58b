using HitBot.Core.Directory;

namespace HitBot.Slack;

/// <summary>
/// Who sent a Slack request: the roster person, or nobody on the roster; <see cref="LookupFailed"/> when Slack could not
/// be asked, so nobody can tell (they must not be answered as someone not on the roster); <see cref="Outsider"/> for an
/// account of another organisation (Slack Connect), which is never matched to the roster, whatever its e-mail.
/// </summary>
public sealed record SlackSender(Person? Person, bool LookupFailed = false, bool Outsider = false)
{
    public static readonly SlackSender NotOnRoster = new(Person: null);
    public static readonly SlackSender Unchecked = new(Person: null, LookupFailed: true);
    public static readonly SlackSender OtherOrganisation = new(Person: null, Outsider: true);

    /// <summary>
    /// The one sentence that answers the request instead of the router, when HitBot must not act on it; null otherwise.
    /// An outsider is told where HitBot answers, not to be added with their e-mail: that would never link them.
    /// </summary>
    public string? Refusal => LookupFailed ? SlackPeople.LookupFailedText : Outsider ? SlackRequestHandler.OtherWorkspaceText : null;
}
