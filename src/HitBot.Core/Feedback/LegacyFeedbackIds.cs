using System.Text.RegularExpressions;

namespace HitBot.Core.Feedback;

/// <summary>
/// Ids that HitBot before schema version 24 gave feedback typed in chat: the first 16 hex digits of a plain SHA-256 of the
/// writer's person id and the chat message's id. A Teams message's id is the millisecond it arrived, which the inbox shows,
/// so anyone who can read the inbox and the roster's ids could try every person and name an anonymous writer. Such an item
/// gets a random id once it is (or becomes) anonymous (<see cref="FeedbackSchema"/>, version 24, and <see cref="FeedbackStore.Confirm"/>):
/// nothing needs to find it again by the message, whose retries are long past.
/// </summary>
static partial class LegacyFeedbackIds
{
    [GeneratedRegex("^(fb|offer)-[0-9a-f]{16}$")]
    private static partial Regex Legacy();

    public static bool IsLegacy(string id) => Legacy().IsMatch(id);

    /// <summary>A random id, as the feedback form gives.</summary>
    public static string NewId() => FeedbackRoutes.ItemId(FeedbackRoutes.NewToken());
}
