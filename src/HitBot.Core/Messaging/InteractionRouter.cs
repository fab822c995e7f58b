using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging;

/// <summary>A typed chat command ("my items") with the line shown for it in help; <paramref name="Roles"/> null = for everyone.</summary>
public sealed record ChatCommand(string Phrase, string Description, IReadOnlyList<string>? Roles = null);

/// <summary>
/// Hands each <see cref="Interaction"/> to the feature that owns its verb, or for typed text to the command
/// whose phrase it starts with. Registration fails fast on a duplicate, so two features cannot claim one verb.
/// </summary>
public sealed class InteractionRouter
{
    public const string UnknownPersonText =
        "Hi! I don't have you in the program's directory yet, so I can't show you anything personal. " +
        "Please ask your program coordinator to add you with the e-mail address you use here.";

    public const string FormGoneText = "Sorry, this form is no longer available. Type help to see what I can do.";

    readonly Dictionary<string, Route> verbs = new(StringComparer.Ordinal);
    readonly Dictionary<string, Route> forms = new(StringComparer.Ordinal);
    readonly HashSet<string> buttonForms = new(StringComparer.Ordinal);
    readonly List<(ChatCommand Command, Route Route, bool Listed)> commands = [];
    readonly ILogger<InteractionRouter> logger;
    Route? fallback;

    sealed record Route(Func<Interaction, InteractionResult> Handle, bool AllowUnknownPeople);

    public InteractionRouter(IEnumerable<IInteractionRoutes> features, ILogger<InteractionRouter> logger)
    {
        this.logger = logger;
        foreach (var feature in features) feature.Register(this);
    }

    /// <summary>
    /// The routing tables are built once, at the first request: every typed message looks up its command, and help
    /// lists them, so sorting and filtering the registrations on every request was work done again and again.
    /// Registration happens while the router is constructed, before any request.
    /// </summary>
    IReadOnlyList<ChatCommand>? listedCommands;
    (string Phrase, Route Route)[]? longestFirst;

    /// <summary>Commands in the order they were registered, for help cards.</summary>
    public IReadOnlyList<ChatCommand> Commands => listedCommands ??= commands.Where(c => c.Listed).Select(c => c.Command).ToList();

    /// <summary>The commands help shows to someone with these roles: staff commands only to the staff they are for.</summary>
    public IReadOnlyList<ChatCommand> CommandsFor(IReadOnlyCollection<string> roles) =>
        Commands.Where(c => c.Roles is null || c.Roles.Any(roles.Contains)).ToList();

    public bool Knows(string verb) => verbs.ContainsKey(verb);

    /// <summary>
    /// Whether a plain button with this verb stands for its form ("Ask a question"), so a platform with dialogs (Slack)
    /// opens the form straight from the click instead of routing the click.
    /// </summary>
    public bool OpensFormFromButtons(string verb) => buttonForms.Contains(verb);

    /// <summary>
    /// What typed text no command matches becomes, for people on the roster (the feedback offer). Without one, and for
    /// people not on the roster, such text gets help.
    /// </summary>
    public void MapFallback(Func<Interaction, InteractionResult> handle)
    {
        if (fallback is not null) throw new InvalidOperationException("A fallback for unknown text is already registered.");
        fallback = new Route(handle, AllowUnknownPeople: false);
    }

    public void MapVerb(string verb, Func<Interaction, InteractionResult> handle, bool allowUnknownPeople = false)
    {
        if (verb == Interaction.CommandVerb || !verbs.TryAdd(verb, new Route(handle, allowUnknownPeople)))
            throw new InvalidOperationException($"The verb '{verb}' is already registered.");
    }

    /// <summary>
    /// The form behind a submit verb, for platforms that show a card's inputs in a separate dialog (Slack's modal):
    /// <paramref name="form"/> builds the card with its inputs from the submit's data, or returns null when it is gone.
    /// </summary>
    /// <remarks>With <paramref name="opensFromButtons"/>, a plain button with this verb (no inputs on its card) is a request for the form.</remarks>
    public void MapForm(string verb, Func<Interaction, Message?> form, bool allowUnknownPeople = false, bool opensFromButtons = false)
    {
        if (opensFromButtons) buttonForms.Add(verb);
        if (!forms.TryAdd(verb, new Route(i => form(i) is { } card ? InteractionResult.Update(card) : InteractionResult.Notify(FormGoneText), allowUnknownPeople)))
            throw new InvalidOperationException($"A form for the verb '{verb}' is already registered.");
    }

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
        if (interaction.PersonId is null && !route.AllowUnknownPeople)
            return InteractionResult.Respond(Message.Text(UnknownPersonText));
        return route.Handle(interaction);
    }

    /// <remarks>An unlisted command works but is left out of help (a second spelling, such as Slack's "/hitbot update").</remarks>
    /// <remarks><paramref name="forRoles"/> only decides who sees it in help; the handler still checks who may use it.</remarks>
    public void MapCommand(string phrase, string description, Func<Interaction, InteractionResult> handle, bool allowUnknownPeople = false, bool listed = true,
        IReadOnlyList<string>? forRoles = null)
    {
        var normal = Normalize(phrase);
        if (commands.Any(c => c.Command.Phrase == normal))
            throw new InvalidOperationException($"The command '{normal}' is already registered.");
        commands.Add((new ChatCommand(normal, description, forRoles), new Route(handle, allowUnknownPeople), listed));
        listedCommands = null;
        longestFirst = null;
    }

    /// <summary>The result for an interaction; a verb nobody owns gets a plain sentence, never an exception.</summary>
    public InteractionResult Handle(Interaction interaction)
    {
        var route = interaction.Verb == Interaction.CommandVerb ? FindCommand(interaction.Text) : verbs.GetValueOrDefault(interaction.Verb);
        if (route is null && interaction.Verb == Interaction.CommandVerb && interaction.PersonId is not null
            && fallback is not null && !string.IsNullOrWhiteSpace(interaction.Text))
            return fallback.Handle(interaction);
        if (route is null)
        {
            Log.NoRoute(logger, interaction.Verb);
            return interaction.Verb == Interaction.CommandVerb
                ? FindCommand("help") is { } help ? help.Handle(interaction) : InteractionResult.Notify("Sorry, I didn't understand that.")
                : InteractionResult.Notify("Sorry, this button no longer works. Type help to see what I can do.");
        }
        if (interaction.PersonId is null && !route.AllowUnknownPeople)
            return InteractionResult.Respond(Message.Text(UnknownPersonText));
        return route.Handle(interaction);
    }

    Route? FindCommand(string? text)
    {
        var normal = Normalize(text ?? "");
        longestFirst ??= [.. commands.OrderByDescending(c => c.Command.Phrase.Length).Select(c => (c.Command.Phrase, c.Route))];
        foreach (var (phrase, route) in longestFirst)
            if (normal.StartsWith(phrase, StringComparison.Ordinal) && (normal.Length == phrase.Length || normal[phrase.Length] == ' '))
                return route;
        return null;
    }

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
    public static string Normalize(string text) =>
        string.Join(' ', text.Trim().TrimStart('/').TrimEnd('.', '!', '?').ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
