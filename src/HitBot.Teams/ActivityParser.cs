using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using HitBot.Core.Messaging;
using HitBot.Core.Surveys;
using HitBot.Core.Messaging.Routing;
using HitBot.Teams.Schema;

namespace HitBot.Teams;

/// <summary>
/// Turns a Bot Framework activity into the neutral <see cref="Interaction"/> (protocols.md §1.7): typed text, an
/// Action.Submit fallback (a message whose <c>value</c> carries the verb) or an Action.Execute invoke. The sender
/// comes from the authenticated activity only; <see cref="Interaction.PersonId"/> is left for the directory to fill.
/// </summary>
public static partial class ActivityParser
{
    public const string ExecuteInvokeName = "adaptiveCard/action";
    const string MsTeamsKey = "msteams";

    /// <summary>Where the sender is reached: the 1:1 conversation is kept only when this activity came from one.</summary>
    public static ChannelAddress? Address(Activity activity)
    {
        if (activity.From?.Id is not { Length: > 0 } userId || !IsServiceUrl(activity.ServiceUrl)) return null;
        return new ChannelAddress
        {
            Channel = ChannelKind.Teams,
            UserId = userId,
            AadObjectId = activity.From.AadObjectId,
            ConversationId = IsPersonal(activity) ? activity.Conversation?.Id : null,
            ServiceUrl = activity.ServiceUrl,
            TenantId = TenantId(activity),
            BotId = activity.Recipient?.Id,
            DisplayName = activity.From.Name,
        };
    }

    /// <summary>The sender's Teams language: the activity's locale, else the clientInfo entity's (protocols.md §1.2); null when neither says.</summary>
    public static string? Locale(Activity activity)
    {
        if (activity.Locale is { Length: > 0 } locale) return locale;
        foreach (var entity in activity.Entities ?? [])
            if (entity.ValueKind == JsonValueKind.Object && entity.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && type.GetString() == "clientInfo" && entity.TryGetProperty("locale", out var value) && value.ValueKind == JsonValueKind.String)
                return value.GetString();
        return null;
    }

    /// <summary>Replies go to the serviceUrl, so only an absolute http(s) URL is ever stored as one.</summary>
    public static bool IsServiceUrl([NotNullWhen(true)] string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);

    /// <summary>
    /// A personal (1:1) chat: Teams says <c>personal</c>; the Emulator and Agents Playground send no type, and
    /// <c>isGroup</c> defaults to false (protocols.md §1.2).
    /// </summary>
    public static bool IsPersonal(Activity activity) => activity.Conversation is { Id.Length: > 0 } conversation
        && (conversation.ConversationType is null ? conversation.IsGroup != true : conversation.ConversationType == "personal");

    public static string? TenantId(Activity activity)
    {
        if (activity.Conversation?.TenantId is { Length: > 0 } tenant) return tenant;
        return activity.ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.Object
            && t.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
    }

    /// <summary>A message (typed text or Action.Submit) or an Action.Execute invoke as an interaction; the error says what is wrong.</summary>
    public static bool TryParse(Activity activity, [NotNullWhen(true)] out Interaction? interaction, [NotNullWhen(false)] out string? error)
    {
        interaction = null;
        if (Address(activity) is not { } from)
        {
            error = "The activity has no sender (from.id) or no absolute serviceUrl.";
            return false;
        }
        if (activity.Conversation?.Id is not { Length: > 0 })
        {
            error = "The activity has no conversation.id.";
            return false;
        }

        JsonElement payload;
        if (activity.Type == "invoke")
        {
            if (!TryExecuteData(activity.Value, out payload, out var verb, out error)) return false;
            interaction = Build(from, verb, payload, activity);
            return true;
        }

        // Action.Submit arrives as a message whose value is the action's data with the inputs merged in (§1.7).
        if (activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(AdaptiveCardRenderer.VerbKey, out var v) && v.ValueKind == JsonValueKind.String
            && v.GetString() is { Length: > 0 } submitVerb)
        {
            interaction = Build(from, submitVerb, value, activity);
            error = null;
            return true;
        }

        interaction = new Interaction
        {
            Verb = Interaction.CommandVerb,
            From = from,
            Text = StripMentions(activity.Text ?? ""),
            CarriesFiles = CarriesFiles(activity),
            SourceMessageId = activity.ReplyToId,
            InboundId = activity.Id is { Length: > 0 } id ? "teams:" + id : null,
        };
        error = null;
        return true;
    }

    /// <summary>
    /// The <c>action.data</c> of an adaptiveCard/action invoke. Like BotBuilder, anything but an Action.Execute
    /// with a verb is a bad request.
    /// </summary>
    static bool TryExecuteData(JsonElement? value, out JsonElement data, [NotNullWhen(true)] out string? verb, [NotNullWhen(false)] out string? error)
    {
        data = default;
        verb = null;
        if (value is not { ValueKind: JsonValueKind.Object } v || !v.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            error = "The invoke has no value.action.";
            return false;
        }
        if (!action.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "Action.Execute")
        {
            error = "value.action.type must be Action.Execute.";
            return false;
        }
        if (!action.TryGetProperty("verb", out var verbElement) || verbElement.ValueKind != JsonValueKind.String
            || verbElement.GetString() is not { Length: > 0 } actionVerb)
        {
            error = "value.action.verb is missing.";
            return false;
        }
        verb = actionVerb;
        if (action.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object) data = d;
        error = null;
        return true;
    }

    /// <summary>
    /// The button's own data sits under <c>d</c>; everything else at the top level (but the verb and Teams'
    /// <c>msteams</c> block) is an input Teams merged in, already a string (multi-select stays comma-joined).
    /// </summary>
    static Interaction Build(ChannelAddress from, string verb, JsonElement payload, Activity activity)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in payload.EnumerateObject())
            {
                if (property.Name == AdaptiveCardRenderer.DataKey && property.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var item in property.Value.EnumerateObject())
                        if (Scalar(item.Value) is { } value) data[item.Name] = value;
                }
                else if (property.Name is not (AdaptiveCardRenderer.VerbKey or AdaptiveCardRenderer.DataKey or MsTeamsKey)
                         && Scalar(property.Value) is { } input)
                {
                    inputs[property.Name] = input;
                }
            }
        }
        // A button can stand for a typed command ("Show my action items" is the command "my items").
        var text = verb == Interaction.CommandVerb ? data.GetValueOrDefault("text") : null;
        return new Interaction { Verb = verb, From = from, Text = text, Data = data, Inputs = inputs, SourceMessageId = activity.ReplyToId };
    }

    /// <summary>Values are strings on the wire; a number or boolean from an older client is kept as its text.</summary>
    static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => null,
    };

    /// <summary>
    /// A message of pictures or files only (pasted into the chat), which HitBot does not read: beside every message Teams
    /// puts a text/html copy of what was typed, and that copy alone is not one.
    /// </summary>
    public static bool CarriesOnlyFiles(Activity activity) =>
        string.IsNullOrWhiteSpace(StripMentions(activity.Text ?? "")) && CarriesFiles(activity);

    /// <summary>Pictures or files beside the words (anything but Teams' text/html copy of what was typed).</summary>
    static bool CarriesFiles(Activity activity) =>
        activity.Attachments?.Any(a => !a.ContentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase)) == true;

    /// <summary>
    /// What a resent activity is known by, and what its answers are keyed by: its id within its conversation. A message's
    /// id is the millisecond it was posted, unique in its chat only, so two people writing in the same millisecond sent
    /// the same id, and the second was dropped as a retry of the first. The conversation is hashed under the anonymity
    /// key: in the clear it would stay in the receipts after an erasure, and beside an anonymous item's acknowledgement it
    /// would name the writer.
    /// </summary>
    public static string? InboundKey(Activity activity, AnonymityKey? key) => activity.Id is not { Length: > 0 } id ? null
        : key is not null && activity.Conversation?.Id is { Length: > 0 } conversation ? $"{id}|{key.Keyed(conversation)[..16]}" : id;

    /// <summary>In group chats and channels Teams puts <c>&lt;at&gt;HitBot&lt;/at&gt;</c> into the text; the command is what is left.</summary>
    public static string StripMentions(string text) =>
        Mention().Replace(text, " ").Replace("&nbsp;", " ", StringComparison.Ordinal).Trim();

    [GeneratedRegex("<at[^>]*>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Mention();
}
