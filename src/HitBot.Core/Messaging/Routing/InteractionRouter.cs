using HitBot.Core.Directory;
using HitBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging.Routing;

/// <summary>A typed chat command ("my items") with the line shown for it in help; <paramref name="Roles"/> null = for everyone.</summary>
public sealed record ChatCommand(string Phrase, string Description, IReadOnlyList<string>? Roles = null);

/// <summary>
/// Hands each <see cref="Interaction"/> to the feature that owns its verb, or for typed text to the command
/// whose phrase it starts with. Registration fails fast on a duplicate, so two features cannot claim one verb.
/// </summary>
public sealed partial class InteractionRouter
{
    /// <remarks>
    /// Says to write once added: HitBot without the Teams installer finds their chat only when they write again, and someone
    /// told only to ask waited for HitBot to come to them.
    /// </remarks>
    public const string UnknownPersonText =
        "Hi! I don't have you in the program's directory yet, so I can't show you anything personal. " +
        "Please ask your program coordinator to add you with the e-mail address you use here, then send me any message.";

    public const string FormGoneText = "Sorry, this form is no longer available. Type help to see what I can do.";

    /// <summary>The one answer to a button whose data does not bind to its verb's record: nothing was changed.</summary>
    public const string DamagedCardText = "Sorry, this card is out of date or damaged, so nothing was changed. Type help to see what I can do.";

    readonly Dictionary<string, Route> verbs = new(StringComparer.Ordinal);
    readonly Dictionary<string, Route> forms = new(StringComparer.Ordinal);
    readonly HashSet<string> buttonForms = new(StringComparer.Ordinal);
    readonly List<(ChatCommand Command, Route Route, bool Listed, bool TakesText)> commands = [];
    readonly ILogger<InteractionRouter> logger;
    Route? fallback;

    /// <summary>A registered handler; <paramref name="DataType"/> is the record its card data binds to, when it has one.</summary>
    sealed record Route(Func<Interaction, InteractionResult> Handle, Type? DataType = null);

    readonly ErasedPeople? erased;

    /// <param name="db">Whose erased people no answer may name; none for the tests that only render what a route answers.</param>
    public InteractionRouter(IEnumerable<IInteractionRoutes> features, ILogger<InteractionRouter> logger, HitBotDb? db = null)
    {
        this.logger = logger;
        erased = db?.Erased;
        foreach (var feature in features) feature.Register(this);
    }

    /// <summary>
    /// The routing tables are built once, at the first request: every typed message looks up its command, and help
    /// lists them, so sorting and filtering the registrations on every request was work done again and again.
    /// Registration happens while the router is constructed, before any request.
    /// </summary>
    IReadOnlyList<ChatCommand>? listedCommands;
    (string Phrase, Route Route, bool TakesText)[]? longestFirst;

    /// <summary>Commands in the order they were registered, for help cards.</summary>
    public IReadOnlyList<ChatCommand> Commands => listedCommands ??= commands.Where(c => c.Listed).Select(c => c.Command).ToList();

    /// <summary>The commands help shows to someone with these roles: staff commands only to the staff they are for.</summary>
    public IReadOnlyList<ChatCommand> CommandsFor(IReadOnlyCollection<string> roles) =>
        Commands.Where(c => c.Roles is null || c.Roles.Any(roles.Contains)).ToList();

    /// <summary>The commands help shows this person: only the roles they hold now (someone who left holds none), none for a stranger.</summary>
    public IReadOnlyList<ChatCommand> CommandsFor(Person? person) =>
        CommandsFor(person is null ? new List<string>() : person.Roles.Where(person.HasRole).ToList());

    public bool Knows(string verb) => verbs.ContainsKey(verb);

    /// <summary>
    /// Whether a plain button with this verb stands for its form ("Ask a question"), so a platform with dialogs (Slack)
    /// opens the form straight from the click instead of routing the click.
    /// </summary>
    public bool OpensFormFromButtons(string verb) => buttonForms.Contains(verb);

    /// <summary>
    /// The form to open for a submit verb: <see cref="InteractionResult.UpdatedCard"/> is the form; otherwise the result
    /// says why there is none (gone, or the person is not on the roster) and is shown like any other result.
    /// </summary>
    public InteractionResult OpenForm(Interaction interaction)
    {
        if (!forms.TryGetValue(interaction.Verb, out var route))
        {
            Log.NoRoute(logger, interaction.Verb);
            return InteractionResult.Notify(FormGoneText);
        }
        return route.Handle(interaction);
    }

    /// <summary>
    /// The result for an interaction; a verb nobody owns gets a plain sentence, never an exception. A result that names
    /// someone erased while it was worked out (read before their erasure began, answered after it ended) says
    /// <see cref="InteractionResult.AnswerChangedText"/> instead: a Slack command's reply and a Teams card answered inline
    /// are shown at once, past the outbox's check of the people a message names.
    /// </summary>
    public InteractionResult Handle(Interaction interaction)
    {
        var result = Routed(interaction);
        return result.Names is { Count: > 0 } named && erased?.FirstOf(named) is not null ? InteractionResult.Notify(InteractionResult.AnswerChangedText) : result;
    }

    InteractionResult Routed(Interaction interaction)
    {
        var route = interaction.Verb == Interaction.CommandVerb ? FindCommand(interaction.Text) : verbs.GetValueOrDefault(interaction.Verb);
        if (route is null && interaction.Verb == Interaction.CommandVerb && interaction.Person is not null
            && fallback is not null && !string.IsNullOrWhiteSpace(interaction.Text))
            return fallback.Handle(interaction);
        if (route is null)
        {
            Log.NoRoute(logger, interaction.Verb);
            return interaction.Verb == Interaction.CommandVerb
                ? FindCommand("help") is { } help ? help.Handle(interaction) : InteractionResult.Notify("Sorry, I didn't understand that.")
                : InteractionResult.Notify("Sorry, this button no longer works. Type help to see what I can do.");
        }
        return route.Handle(interaction);
    }

    Route? FindCommand(string? text)
    {
        var normal = Normalize(text ?? "");
        longestFirst ??= [.. commands.OrderByDescending(c => c.Command.Phrase.Length).Select(c => (c.Command.Phrase, c.Route, c.TakesText))];
        foreach (var (phrase, route, takesText) in longestFirst)
            if (normal.StartsWith(phrase, StringComparison.Ordinal) && (normal.Length == phrase.Length || EndsWord(normal[phrase.Length]))
                && ((takesText && (normal.Length == phrase.Length || normal[phrase.Length] == ' ')) || WordsAfter(normal, phrase) <= 1))
                return route;
        return null;
    }

    /// <summary>
    /// A command that reads nothing after its phrase still matches with one word more ("my items please", "help me"); a
    /// longer sentence that only begins with its word ("Start time at Lincoln moved…", "Update on Jayden…") is what
    /// someone wrote, for the fallback (the offer to pass it on), not the command: it showed a list instead and passed
    /// nothing on, and "start …" turned updates back on for someone who had said stop.
    /// </summary>
    static int WordsAfter(string normal, string phrase) =>
        normal[phrase.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Count(word => word.Any(char.IsLetterOrDigit));

    /// <summary>
    /// A phrase followed by a comma or a stop is still the phrase: "Stop, please" and "my items, please" were not commands.
    /// Followed so, even a command that reads text takes one word more only: "Stop, the link in the update is broken" is a
    /// sentence, offered to pass on (with a Stop button), not a stop.
    /// </summary>
    static bool EndsWord(char next) => next is ' ' or ',' or '.' or ';' or ':' or '!' or '?' or '…';

    /// <summary>
    /// The words a person typed after a command's phrase, as typed: "Feedback  The Schedule" after "feedback" is
    /// "The Schedule". Empty when nothing follows.
    /// </summary>
    public static string TextAfter(string? text, string phrase)
    {
        var rest = (text ?? "").Trim().TrimStart('/').AsSpan();
        foreach (var _ in phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            rest = rest.TrimStart();
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end])) end++;
            rest = rest[end..];
        }
        return rest.Trim().ToString();
    }

    /// <summary>Lower case, single spaces, no leading slash or trailing punctuation: "My  Items!" is "my items".</summary>
    /// <remarks>
    /// Also without what a phone or a paste adds unseen (a zero-width space, a direction mark, a soft hyphen), quotes
    /// around the whole message, Spanish opening marks, and a trailing comma or ellipsis: "stop\u200B", "“Stop”", "¿ayuda?"
    /// and "stop…" were not commands, so a tutor asking to stop was offered to pass it on as feedback instead.
    /// </remarks>
    public static string Normalize(string text) =>
        string.Join(' ', WithoutSignature(WithoutUnseen(text)).Trim().TrimStart(LeadingMarks).TrimEnd(TrailingMarks).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    static readonly char[] LeadingMarks = ['/', '¡', '¿', '"', '“', '”', '‘', '’', '\''];
    static readonly char[] TrailingMarks = ['.', '!', '?', ',', ';', '…', '"', '“', '”', '‘', '’', '\''];

    /// <summary>
    /// Without a phone's or mail app's last line ("Sent from my iPhone"), which some chat apps keep: "help" above one was
    /// a sentence of five words, offered to pass on instead of showing help.
    /// </summary>
    static string WithoutSignature(string text)
    {
        var trimmed = text.TrimEnd();
        var lastLine = trimmed.LastIndexOf('\n');
        if (lastLine < 0) return text;
        var last = trimmed[(lastLine + 1)..].Trim().TrimStart('-', ' ');
        return Signatures.Any(s => last.StartsWith(s, StringComparison.OrdinalIgnoreCase)) ? trimmed[..lastLine] : text;
    }

    static readonly string[] Signatures = ["Sent from my ", "Get Outlook for ", "Enviado desde mi "];

    /// <summary>Characters that show nothing. The zero-width joiner stays: it is part of emoji such as 👩‍🏫.</summary>
    static string WithoutUnseen(string text) =>
        text.AsSpan().ContainsAny(Unseen) ? string.Concat(text.Where(c => !Unseen.Contains(c))) : text;

    static readonly System.Buffers.SearchValues<char> Unseen = System.Buffers.SearchValues.Create("\u200B\u200C\u200E\u200F\u2060\uFEFF\u00AD");
}
