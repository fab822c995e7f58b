namespace HitBot.Slack;

/// <summary>An Events API request (protocols.md §6.3), reduced to what HitBot acts on.</summary>
public abstract record SlackEvent;

public sealed record UrlVerification(string Challenge) : SlackEvent;

/// <summary>A person wrote to the bot in its DM (message.im without bot_id or subtype).</summary>
/// <param name="WithFiles">Files shared with the message (subtype file_share), which HitBot does not read or pass on.</param>
/// <param name="ThreadTs">The thread the message was written in (its parent's ts), for a reply under one of HitBot's messages; null in the DM itself.</param>
public sealed record DirectMessage(string EventId, string TeamId, string UserId, string Channel, string Text, bool WithFiles = false, string? ThreadTs = null) : SlackEvent
{
    /// <summary>Files shared without words: nothing HitBot can read.</summary>
    public bool OnlyFiles => WithFiles && string.IsNullOrWhiteSpace(Text);
}

/// <summary>A person opened the bot's Home tab.</summary>
public sealed record HomeOpened(string EventId, string TeamId, string UserId) : SlackEvent;

/// <summary>
/// The app was uninstalled from the workspace (<c>app_uninstalled</c>) or its bot token revoked (<c>tokens_revoked</c> naming
/// a bot token): every Slack call fails from now on until someone reinstalls the app and sets the new token.
/// </summary>
/// <param name="What">Slack's event type, as the log names it.</param>
public sealed record AppRemoved(string TeamId, string What) : SlackEvent;

/// <summary>A well-formed event HitBot does not act on: the bot's own messages, edits, deletions, other tabs.</summary>
public sealed record IgnoredEvent(string Why) : SlackEvent;

/// <summary>An interactivity request (§6.5), reduced to what HitBot acts on.</summary>
public abstract record SlackInteraction(string TeamId, string UserId);

/// <summary>
/// A button in a message or the Home tab. <see cref="Channel"/>/<see cref="MessageTs"/> locate the message it sits on;
/// <see cref="FromHome"/> says it sits on the Home tab instead; <see cref="Ephemeral"/>, on a message only its reader sees
/// (a /hitbot answer), which chat.update cannot change. <see cref="UserTeamId"/> is the clicker's home workspace
/// (<c>user.team_id</c>), which <see cref="TeamId"/> (the workspace the click came to) is not for a Slack Connect user.
/// <see cref="ThreadTs"/> is the thread the clicked message sits in (a "Pass this on?" offer answered in a thread), null outside one.
/// </summary>
public sealed record BlockAction(
    string TeamId, string UserId, string ActionId, string? Value, string ActionTs, string? TriggerId,
    string? Channel, string? MessageTs, Dictionary<string, string> Inputs, bool FromHome = false, bool Ephemeral = false,
    string? UserTeamId = null, string? ThreadTs = null)
    : SlackInteraction(TeamId, UserId);

/// <summary>
/// A modal's Submit. <see cref="Missing"/> lists the block ids of required inputs that came back empty, which Slack
/// shows next to each field when answered with <c>response_action: errors</c> (§6.6).
/// </summary>
public sealed record ViewSubmission(
    string TeamId, string UserId, string ViewId, string CallbackId, string PrivateMetadata,
    Dictionary<string, string> Inputs, List<string> Missing) : SlackInteraction(TeamId, UserId);

/// <summary>Another interactivity type (view_closed, shortcuts): acknowledged and otherwise left alone.</summary>
public sealed record OtherInteraction(string TeamId, string UserId, string Type) : SlackInteraction(TeamId, UserId);

/// <summary>A slash command (§6.8). <see cref="Channel"/> is wherever it was typed, not necessarily the DM.</summary>
public sealed record SlashCommand(string TeamId, string UserId, string Command, string Text, string Channel, string? TriggerId = null);
