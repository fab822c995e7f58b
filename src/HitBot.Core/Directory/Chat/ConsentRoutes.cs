using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Directory.Chat;

/// <summary>
/// "stop" (or "unsubscribe", "opt out", or the card's "Stop these messages") and "start" (or "opt in"): anyone can end the newsletters, surveys and
/// thank-yous, and come back. Action-item reminders are the owner's work and replies answer what they wrote, so both keep
/// coming, and the answer says so.
/// </summary>
public sealed class ConsentRoutes(PeopleDirectory directory) : IInteractionRoutes
{
    public const string StopVerb = "person.stop";
    public const string SelfService = "self";

    public const string Stopped =
        "Done: you won't get updates, surveys or thank-yous from HitBot any more. Replies to questions and feedback you send us " +
        "still come. Reminders for action items you own still come, because they are your work, not a newsletter. " +
        "Changed your mind? Type **start**.";
    public const string Started = "Welcome back! You'll get updates, surveys and thank-yous again. Type **stop** any time to end them.";

    /// <summary>"start" from someone who never said stop: often the first word people type to a bot.</summary>
    public const string AlreadyStarted =
        "You already get updates, surveys and thank-yous from HitBot. Type **help** to see what I can do, or **stop** any time to end them.";

    /// <summary>"start" from someone deactivated: HitBot sends them nothing whatever they choose, so it promises nothing.</summary>
    public const string StartedButInactive =
        "Noted. You are no longer on the program's active roster, so HitBot sends you nothing for now. " +
        "If you are back in the program, please ask your program coordinator to reactivate you.";

    /// <summary>The small action every update and survey card carries (in Teams' "…" menu).</summary>
    /// <remarks>Without the card's inputs: on a survey, stopping must not first ask for the required answers.</remarks>
    public static SubmitAction StopAction() => new("Stop these messages", StopVerb, [], Secondary: true, WithInputs: false);

    /// <summary>Spanish for stop, typed alone: "parar", "alto", "basta", "detener".</summary>
    public static readonly IReadOnlyList<string> SpanishStopWords = ["parar", "alto", "basta", "detener"];

    public void Register(InteractionRouter router)
    {
        router.MapCommand("stop", "Stop updates, surveys and thank-yous", Stop, takesText: true);
        router.MapCommand("unsubscribe", "Same as stop", Stop, listed: false, takesText: true);
        // How people also say it: typed as the whole message or its start, these stopped nothing, and the text became an
        // offer to pass it on to the central team as feedback. ("Please stop …" stays feedback: it is as often about one thing.)
        router.MapCommand("opt out", "Same as stop", Stop, listed: false, takesText: true);
        router.MapCommand("opt-out", "Same as stop", Stop, listed: false, takesText: true);
        // "please stop" alone (or with one word more) asks for nothing else; "Please stop scheduling …" is offered to pass on,
        // with a button to stop (FeedbackRoutes).
        router.MapCommand("please stop", "Same as stop", Stop, listed: false);
        // Many tutors are Spanish speakers. As the whole message (or with one word more, "basta ya"), these mean stop; not
        // taking text, "Alto rendimiento …" stays what someone wrote.
        foreach (var word in SpanishStopWords) router.MapCommand(word, "Same as stop", Stop, listed: false);
        router.MapCommand("start", "Get updates, surveys and thank-yous again", Start);
        router.MapCommand("opt in", "Same as start", Start, listed: false);
        router.MapCommand("opt-in", "Same as start", Start, listed: false);
        router.MapCommand("reanudar", "Same as start", Start, listed: false);
        router.MapVerb(StopVerb, Stop);
    }

    /// <summary>
    /// Text that is not the stop command but says stop ("Can you stop texting me on weekends", "no more messages please,
    /// unsubscribe me"): the offer to pass it on carries a button to stop, so someone who meant it is one press from it,
    /// and a sentence that means something else stops nothing. Not after a negation: "don't stop the Friday sessions".
    /// </summary>
    public static bool MentionsStopping(string text)
    {
        var words = InteractionRouter.Normalize(text).Split(' ').Select(w => w.Trim(WordEdges)).ToArray();
        for (var i = 0; i < words.Length; i++)
        {
            var says = InnerStopWords.Contains(words[i]) || (words[i] == "opt" && i + 1 < words.Length && words[i + 1] == "out");
            if (says && (i == 0 || !Negations.Contains(words[i - 1]))) return true;
        }
        return false;
    }

    /// <summary>"alto" is left out: inside a Spanish sentence it means high or tall.</summary>
    static readonly HashSet<string> InnerStopWords = new(StringComparer.Ordinal) { "stop", "unsubscribe", "opt-out", "parar", "basta", "detener" };
    static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
        { "don't", "don’t", "dont", "not", "never", "no", "can't", "can’t", "won't", "won’t", "didn't", "didn’t" };
    static readonly char[] WordEdges = ['.', ',', '!', '?', ';', ':', '…', '"', '“', '”', '(', ')', '*', '_'];

    /// <remarks>For people on the roster only: the router answers anyone else that they are not in the directory yet.</remarks>
    InteractionResult Stop(Interaction interaction, Person person)
    {
        directory.SetOptOut(person.Id, optedOut: true, by: SelfService);
        return InteractionResult.Respond(Message.Text(Stopped));
    }

    InteractionResult Start(Interaction interaction, Person person)
    {
        directory.SetOptOut(person.Id, optedOut: false, by: SelfService);
        return InteractionResult.Respond(Message.Text(person.Inactive ? StartedButInactive : person.OptedOut ? Started : AlreadyStarted));
    }
}
