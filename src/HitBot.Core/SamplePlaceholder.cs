namespace HitBot.Core;

/// <summary>
/// The secrets of appsettings.sample.json are sentences asking for the real value ("paste-the-Signing-Secret-…"). Copied as
/// they are, Microsoft or Slack refused them, and with the other chat on HitBot started regardless; a real client secret,
/// signing secret or bot token never holds the words.
/// </summary>
public static class SamplePlaceholder
{
    public static bool Is(string value) => value.Contains("paste-the-", StringComparison.OrdinalIgnoreCase);
}
