namespace HitBot.Slack;

/// <summary>
/// Slack's Block Kit limits (protocols.md §8). Slack rejects a whole message for one field over its limit, so the renderer
/// cuts text to fit and refuses what cannot be cut without changing its meaning (ids, values, URLs).
/// </summary>
public static class BlockKitLimits
{
    public const int MessageBlocks = 50;
    public const int ViewBlocks = 100;
    public const int SectionText = 3000;
    public const int SectionFields = 10;
    public const int FieldText = 2000;
    public const int HeaderText = 150;
    public const int ContextElements = 10;
    public const int ActionsElements = 25;
    public const int ButtonText = 75;
    public const int ButtonValue = 2000;
    public const int Url = 3000;
    public const int ImageAltText = 2000;
    public const int OptionText = 75;
    /// <summary>
    /// Slack's reference (docs.slack.dev, option object) and the python SDK say 150; node-slack-sdk's type comments still say
    /// 75. A partner's or site's id is the slug of its name, and universities' names pass 75.
    /// </summary>
    public const int OptionValue = 150;
    public const int ExpandedOptions = 10;
    public const int SelectOptions = 100;
    public const int InputLabel = 2000;
    public const int Placeholder = 150;
    public const int TextInputLength = 3000;
    public const int ViewTitle = 24;
    public const int PrivateMetadata = 3000;
    public const int Id = 255;
}
