namespace HitBot.Slack;

/// <summary>
/// The workspace HitBot's bot token belongs to, as auth.test named it. The signing secret is the app's, not the
/// workspace's: once the app is installed in a second workspace (a sandbox, after distribution is turned on), that
/// workspace's requests are signed too. HitBot can only answer in its own, and a request from another must not link or
/// act for a roster person who has the same e-mail there.
/// </summary>
public sealed class SlackWorkspace
{
    SlackIdentity? me;

    /// <summary>Null until auth.test has answered, and for an org-wide Enterprise Grid install, which spans workspaces.</summary>
    public string? TeamId => Volatile.Read(ref me) is { EnterpriseInstall: false, TeamId.Length: > 0 } own ? own.TeamId : null;

    public void Installed(SlackIdentity identity) => Volatile.Write(ref me, identity);

    /// <summary>False for a request that names another workspace than the bot token's, once that one is known.</summary>
    public bool Accepts(string teamId) =>
        TeamId is not { } own || teamId.Length == 0 || string.Equals(teamId, own, StringComparison.Ordinal);

    /// <summary>
    /// Whether a Slack account is one of the district's own: its home workspace is the bot token's, or, on Enterprise Grid,
    /// its organisation is the token's. A Slack Connect user of another organisation (in a shared channel, or writing to
    /// HitBot from there) is not, whatever e-mail their organisation shows: it is theirs to set, so it proves nothing here.
    /// Null while auth.test has not answered: nobody can tell yet.
    /// </summary>
    public bool? Owns(SlackUser user)
    {
        if (Volatile.Read(ref me) is not { } own) return null;
        if (!own.EnterpriseInstall && own.TeamId.Length > 0 && string.Equals(user.TeamId, own.TeamId, StringComparison.Ordinal)) return true;
        return own.EnterpriseId is { Length: > 0 } organisation && string.Equals(user.EnterpriseId, organisation, StringComparison.Ordinal);
    }
}
