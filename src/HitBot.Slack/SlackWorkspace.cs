namespace HitBot.Slack;

/// <summary>
/// The workspace HitBot's bot token belongs to, as auth.test named it. The signing secret is the app's, not the
/// workspace's: once the app is installed in a second workspace (a sandbox, after distribution is turned on), that
/// workspace's requests are signed too. HitBot can only answer in its own, and a request from another must not link or
/// act for a roster person who has the same e-mail there.
/// </summary>
public sealed class SlackWorkspace
{
    string? installed;

    /// <summary>Null until auth.test has answered, and for an org-wide Enterprise Grid install, which spans workspaces.</summary>
    public string? TeamId => Volatile.Read(ref installed);

    public void Installed(SlackIdentity me) =>
        Volatile.Write(ref installed, me.EnterpriseInstall || me.TeamId.Length == 0 ? null : me.TeamId);

    /// <summary>False for a request that names another workspace than the bot token's, once that one is known.</summary>
    public bool Accepts(string teamId) =>
        TeamId is not { } own || teamId.Length == 0 || string.Equals(teamId, own, StringComparison.Ordinal);
}
