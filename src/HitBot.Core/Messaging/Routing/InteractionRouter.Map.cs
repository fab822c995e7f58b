using HitBot.Core.Directory;
using HitBot.Core.Storage;

namespace HitBot.Core.Messaging.Routing;

/// <summary>
/// Registration. A route is for people on the roster unless it says otherwise (<c>ForAnyone</c>, or
/// <c>allowUnknownPeople</c>): the router answers anyone else with <see cref="UnknownPersonText"/> and hands the route a
/// non-null <see cref="Person"/>. A verb with card data names its record (<c>MapVerb&lt;TData&gt;</c>); data that does not
/// bind to it gets <see cref="DamagedCardText"/> and the route is never called.
/// </summary>
public sealed partial class InteractionRouter
{
    /// <summary>A button for people on the roster whose card data is <typeparamref name="TData"/> (written with <see cref="CardData.Of{TData}"/>).</summary>
    public void MapVerb<TData>(string verb, Func<Interaction, Person, TData, InteractionResult> handle) where TData : class =>
        AddVerb(verb, new Route(ForPeople((i, person) => Bound<TData>(i, data => handle(i, person, data))), typeof(TData)));

    /// <summary>A button for people on the roster that carries no data of its own ("Stop these messages").</summary>
    public void MapVerb(string verb, Func<Interaction, Person, InteractionResult> handle) => AddVerb(verb, new Route(ForPeople(handle)));

    /// <summary>
    /// A button whose data is free-form: the handler reads <see cref="Interaction.Data"/> whole (the tests' stand-in features
    /// echo it). Features use the typed overloads.
    /// </summary>
    public void MapVerb(string verb, Func<Interaction, InteractionResult> handle, bool allowUnknownPeople = false) =>
        AddVerb(verb, new Route(allowUnknownPeople ? handle : ForPeople((i, _) => handle(i))));

    /// <summary>
    /// The form behind a submit verb, for platforms that show a card's inputs in a separate dialog (Slack's modal):
    /// <paramref name="form"/> builds the card with its inputs from the submit's data, or returns null when it is gone.
    /// </summary>
    /// <remarks>With <paramref name="opensFromButtons"/>, a plain button with this verb (no inputs on its card) is a request for the form.</remarks>
    public void MapForm<TData>(string verb, Func<Interaction, Person, TData, Message?> form, bool opensFromButtons = false) where TData : class =>
        AddForm(verb, new Route(ForPeople((i, person) => Bound<TData>(i, data => FormResult(form(i, person, data)))), typeof(TData)), opensFromButtons);

    /// <summary>
    /// The same, for a form that can say why it does not open (not yours, gone): <paramref name="answer"/> is
    /// <see cref="InteractionResult.Update"/> with the form, or a notice.
    /// </summary>
    public void MapForm<TData>(string verb, Func<Interaction, Person, TData, InteractionResult> answer, bool opensFromButtons = false) where TData : class =>
        AddForm(verb, new Route(ForPeople((i, person) => Bound<TData>(i, data => answer(i, person, data))), typeof(TData)), opensFromButtons);

    /// <summary>A form whose data is free-form (the tests' stand-ins); features use the typed overload.</summary>
    public void MapForm(string verb, Func<Interaction, Message?> form, bool allowUnknownPeople = false, bool opensFromButtons = false) =>
        AddForm(verb, new Route(allowUnknownPeople ? i => FormResult(form(i)) : ForPeople((i, _) => FormResult(form(i)))), opensFromButtons);

    /// <summary>A typed command for people on the roster.</summary>
    /// <remarks>An unlisted command works but is left out of help (a second spelling, such as Slack's "/hitbot update").</remarks>
    /// <remarks><paramref name="forRoles"/> only decides who sees it in help; the handler still checks who may use it.</remarks>
    /// <remarks>
    /// With <paramref name="takesText"/> the command reads what follows its phrase ("feedback …", "reply 12 …"), however
    /// long; without it, a sentence that only begins with the phrase is not the command (<see cref="WordsAfter"/>).
    /// </remarks>
    public void MapCommand(string phrase, string description, Func<Interaction, Person, InteractionResult> handle, bool listed = true,
        IReadOnlyList<string>? forRoles = null, bool takesText = false) =>
        AddCommand(new ChatCommand(Normalize(phrase), description, forRoles), new Route(ForPeople(handle)), listed, takesText);

    /// <summary>A typed command open to people not on the roster too ("help"); <see cref="Person"/> is null for them.</summary>
    public void MapCommandForAnyone(string phrase, string description, Func<Interaction, Person?, InteractionResult> handle, bool listed = true) =>
        AddCommand(new ChatCommand(Normalize(phrase), description), new Route(i => handle(i, i.Person)), listed, takesText: false);

    /// <summary>
    /// What typed text no command matches becomes, for people on the roster (the feedback offer). Without one, and for
    /// people not on the roster, such text gets help.
    /// </summary>
    public void MapFallback(Func<Interaction, Person, InteractionResult> handle)
    {
        if (fallback is not null) throw new InvalidOperationException("A fallback for unknown text is already registered.");
        fallback = new Route(ForPeople(handle));
    }

    /// <summary>Every button verb registered, for the card gallery's check.</summary>
    public IReadOnlyCollection<string> Verbs => verbs.Keys;

    /// <summary>The record a verb's card data binds to, or null for a verb without one (or nobody's): the card gallery's check.</summary>
    public Type? DataTypeOf(string verb) => verbs.GetValueOrDefault(verb)?.DataType;

    void AddVerb(string verb, Route route)
    {
        if (verb == Interaction.CommandVerb || !verbs.TryAdd(verb, route))
            throw new InvalidOperationException($"The verb '{verb}' is already registered.");
    }

    void AddForm(string verb, Route route, bool opensFromButtons)
    {
        if (!forms.TryAdd(verb, route)) throw new InvalidOperationException($"A form for the verb '{verb}' is already registered.");
        if (opensFromButtons) buttonForms.Add(verb);
    }

    void AddCommand(ChatCommand command, Route route, bool listed, bool takesText)
    {
        if (commands.Any(c => c.Command.Phrase == command.Phrase))
            throw new InvalidOperationException($"The command '{command.Phrase}' is already registered.");
        commands.Add((command, route, listed, takesText));
        listedCommands = null;
        longestFirst = null;
    }

    /// <summary>
    /// Today's answer to someone not on the roster, before anything is read or changed for them; and to someone erased
    /// between the router's read of them and the handler's write, which the store refuses (<see cref="PersonErasedException"/>).
    /// </summary>
    static Func<Interaction, InteractionResult> ForPeople(Func<Interaction, Person, InteractionResult> handle) => i =>
    {
        if (i.Person is not { } person) return NotOnTheRoster;
        try
        {
            return handle(i, person);
        }
        catch (PersonErasedException)
        {
            return NotOnTheRoster;
        }
    };

    static InteractionResult NotOnTheRoster => InteractionResult.Respond(Message.Text(UnknownPersonText));

    InteractionResult Bound<TData>(Interaction interaction, Func<TData, InteractionResult> handle) where TData : class
    {
        if (CardData.TryRead<TData>(interaction.Data, out var data)) return handle(data);
        Log.DamagedCardData(logger, interaction.Verb, typeof(TData).Name);
        return InteractionResult.Notify(DamagedCardText);
    }

    static InteractionResult FormResult(Message? form) => form is { } card ? InteractionResult.Update(card) : InteractionResult.Notify(FormGoneText);
}
