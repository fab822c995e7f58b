using System.Text.RegularExpressions;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;

namespace HitBot.Core.Feedback;

/// <summary>
/// Feedback in chat: "feedback …", "Ask a question" on updates, unknown text offered as feedback, and for the central
/// team "feedback inbox" and "reply 12 …".
/// </summary>
public sealed partial class FeedbackRoutes(
    FeedbackInbox inbox, FeedbackStore store, PeopleDirectory directory, UpdateTitles updateTitles, ProgramClock clock, AnonymityKey anonymityKey,
    ReplyAddressSeal seal)
    : IInteractionRoutes
{
    const string Command = "feedback";
    const string OnlyCentralTeam = "Only the central team can read and answer the feedback inbox.";
    const string AnswerHow = "To write to the central team, type **feedback** and your message.";
    static readonly string TooLong = $"That is longer than I can pass on ({FeedbackItem.MaxText:N0} characters). Please shorten it.";
    /// <summary>Said, not thrown: the item stays in the inbox, and its writer's erasure is not an error the coordinator made.</summary>
    public const string Unreachable = "The person who wrote this can no longer be reached: they have been erased from HitBot. Nothing was sent.";
    const string TooNested = "That message nests quotes or lists too deeply for chat to show. Please write it more simply.";

    /// <summary>Why this text cannot be passed on, or null: too long, or Markdown no card could render.</summary>
    static string? Unsendable(string text) =>
        text.Length > FeedbackItem.MaxText ? TooLong : MarkdownText.Problem("text", text) is not null ? TooNested : null;

    /// <summary>
    /// Greetings and one-word pleasantries get help, not a "pass this on?" offer; so do a wave (a phone's first message, which
    /// as an emoji alone was answered "You're welcome!") and a newcomer asking what HitBot is, which was offered to the
    /// central team as feedback.
    /// </summary>
    static readonly HashSet<string> Greetings = new(StringComparer.Ordinal)
    {
        "hi", "hello", "hey", "hiya", "start", "menu", "commands", "yo", "good morning", "?", "👋", ":wave:",
        "what can you do", "what can i do", "what do you do", "what is this", "what's this", "what’s this", "who are you",
        "how does this work", "how do i use this",
        // Spanish speakers' greetings.
        "hola", "buenos días", "buenos dias", "buenas tardes", "buenas",
    };

    static bool IsGreeting(string text) => Greetings.Contains(WithoutSkinTone(SlackSkinTone().Replace(InteractionRouter.Normalize(text), ":")));

    /// <summary>"👋🏽" is a wave too: skin-tone modifiers and the emoji variation selector are dropped before the look-up.</summary>
    static string WithoutSkinTone(string text) =>
        string.Concat(text.EnumerateRunes().Where(r => r.Value is not (>= 0x1F3FB and <= 0x1F3FF or 0xFE0F)).Select(r => r.ToString()));

    /// <summary>
    /// Thanks, an "ok" or an emoji alone, often sent after the central team's reply: a line back, not the help card (a
    /// screenful on a phone) nor a "pass this on?" offer.
    /// </summary>
    static readonly HashSet<string> Pleasantries = new(StringComparer.Ordinal)
    {
        "thanks", "thank you", "thx", "ty", "thank u", "thanks a lot", "many thanks", "thanks so much", "thank you so much", "cheers",
        "great, thanks", "great thanks", "ok thanks", "ok, thanks", "okay thanks", "okay, thanks", "ok", "okay", "got it", "great", "perfect",
        "gracias", "muchas gracias",
    };

    internal const string WelcomeText = "You're welcome! Type help to see what I can do.";

    static bool IsPleasantry(string text) =>
        Pleasantries.Contains(InteractionRouter.Normalize(text)) || !text.Any(char.IsLetterOrDigit) || SlackEmojiOnly().IsMatch(text);

    /// <summary>
    /// An emoji typed alone in Slack reaches HitBot as its name between colons (":+1:", ":wave::skin-tone-3:"): a thumbs-up
    /// after a reply was offered to the central team as feedback, quoted as ":+1:".
    /// </summary>
    [GeneratedRegex(@"^(\s*:[a-z0-9_+'\-]+:)+\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SlackEmojiOnly();

    [GeneratedRegex(@"::skin-tone-[2-6]:", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SlackSkinTone();

    InteractionRouter? router;

    public void Register(InteractionRouter router)
    {
        this.router = router;
        router.MapCommand(Command, "Write to the central team (add \"anonymously\" to hide your name)", TypedFeedback, takesText: true);
        router.MapCommand("feedback inbox", "Central team: feedback waiting for a reply", Inbox, forRoles: [Roles.CentralTeam]);
        router.MapCommand("reply", "Central team: reply to feedback, e.g. reply 12 Thanks, fixed!", TypedReply, forRoles: [Roles.CentralTeam], takesText: true);
        router.MapVerb<AskQuestionData>(FeedbackCards.SendVerb, Send);
        // The form opened from a button (Slack's modal) gets a token of its own, like the form sent as a card: a submit
        // repeated after Slack said it could not reach HitBot in time stores one item.
        router.MapForm<AskQuestionData>(FeedbackCards.SendVerb,
            (i, person, data) => data.Update is { } asked && updateTitles.ForQuestionBy(asked, person) is null
                ? InteractionResult.Notify(Unavailable(asked, person))
                : InteractionResult.Update(FeedbackCards.Form(data.Update, TitleOf(data, person), data.Token ?? NewToken(), i.AnswersInPlace)), opensFromButtons: true);
        router.MapVerb<FeedbackOfferData>(FeedbackCards.OfferVerb, Offered);
        router.MapVerb<FeedbackReplyData>(FeedbackCards.ReplyVerb, ReplyFromCard);
        router.MapForm<FeedbackReplyData>(FeedbackCards.ReplyVerb, (i, person, data) => IsCentralTeam(person) && Open(data.Item) is { } item
            ? FeedbackCards.ReplyForm(item, i.AnswersInPlace, SinceShown(item, data, person, notSent: null, new NamedPeople(directory))) : null,
            opensFromButtons: true);
        router.MapFallback(OfferUnknownText);
    }

    InteractionResult TypedFeedback(Interaction interaction, Person person)
    {
        var text = InteractionRouter.TextAfter(interaction.Text, Command);
        var anonymous = false;
        foreach (var word in new[] { "anonymously", "anonymous", "anon" })
        {
            if (!text.StartsWith(word, StringComparison.OrdinalIgnoreCase) || (text.Length > word.Length && !char.IsWhiteSpace(text[word.Length]))) continue;
            anonymous = true;
            text = text[word.Length..].TrimStart(' ', ':', '-').Trim();
            break;
        }
        // "feedback anonymously" alone: the form comes with "Send anonymously" ticked, as asked.
        if (text.Length == 0) return InteractionResult.Respond(FeedbackCards.Form(token: NewToken(), inPlace: true, anonymous: anonymous));
        if (Unsendable(text) is { } why) return InteractionResult.Notify(why);
        var item = inbox.Submit(ItemId(TokenFor(interaction, person)), text, anonymous, person.Id, interaction.From, updateId: null);
        return Acknowledged(InteractionResult.Respond(FeedbackCards.Acknowledgement(item, interaction.CarriesFiles)), item);
    }

    /// <summary>The form's Send, or "Ask a question" on an update (no inputs yet: the form is the answer).</summary>
    InteractionResult Send(Interaction interaction, Person person, AskQuestionData data)
    {
        var updateId = data.Update;
        var withdrawn = false;
        if (updateId is not null && updateTitles.ForQuestionBy(updateId, person) is null)
        {
            // Recalled while the tutor typed their question: the question still reaches the central team, on its own, as
            // nothing of a withdrawn update is kept with it. A button naming an update they never had stays refused.
            if (interaction.Inputs.GetValueOrDefault(FeedbackCards.TextInputId) is not { } typed || typed.Trim().Length == 0
                || !updateTitles.WithdrawnFrom(updateId, person))
                return InteractionResult.Notify(Unavailable(updateId, person));
            (updateId, withdrawn) = (null, true);
        }
        if (!interaction.Inputs.TryGetValue(FeedbackCards.TextInputId, out var text))
            // A form sent as its own card gets a token, so pressing its Send twice stores one item, and is answered in place.
            return InteractionResult.Respond(FeedbackCards.Form(updateId, TitleOf(data, person), NewToken(), inPlace: true));
        text = text.Trim();
        if (text.Length == 0) return InteractionResult.Notify(updateId is null ? "Please write your message first." : "Please write your question first.");
        if (Unsendable(text) is { } why) return InteractionResult.Notify(why);
        var anonymous = interaction.Inputs.GetValueOrDefault(FeedbackCards.AnonymousInputId) == FeedbackCards.Yes;
        var unnamed = NotNamedBeside(updateId, anonymous);
        if (unnamed) updateId = null;
        var id = data.Token is { Length: > 0 and <= 64 } token ? ItemId(token) : ItemId(NewToken());
        var item = inbox.Submit(id, text, anonymous, person.Id, interaction.From, updateId);
        return Acknowledged(InteractionResult.AnswerTo(interaction, FeedbackCards.Acknowledgement(item, updateWithdrawn: withdrawn, updateNotNamed: unnamed)), item);
    }

    /// <summary>
    /// Why "Ask a question" does not open: a recalled update says so, as its reaction buttons do, and how to ask anyway (a
    /// tutor wondering why it vanished was told it was "no longer available"); any other is gone.
    /// </summary>
    string Unavailable(string updateId, Person person) => updateTitles.WithdrawnFrom(updateId, person)
        ? "This update was withdrawn by the central team. To ask about it anyway, type **feedback** and your question."
        : "Sorry, this update is no longer available.";

    /// <summary>
    /// The acknowledgement quotes what was written: for an anonymous item it is queued without the writer's person id and
    /// emptied once sent, as an anonymous survey's thank-you is, so no row keeps the text next to who wrote it.
    /// </summary>
    static InteractionResult Acknowledged(InteractionResult result, FeedbackItem item) => result with { Private = item.Anonymous };

    string? TitleOf(AskQuestionData data, Person person) => data.Update is { } id ? updateTitles.ForQuestionBy(id, person) : null;

    InteractionResult Inbox(Interaction interaction, Person person)
    {
        if (!IsCentralTeam(person)) return InteractionResult.Notify(OnlyCentralTeam);
        var newest = store.Page([FeedbackStatus.New], updateId: null, offset: 0, limit: FeedbackCards.InboxLength);
        var undelivered = inbox.Undelivered(FeedbackCards.UndeliveredLength);
        var named = new NamedPeople(directory);
        // Declares the writers it names: one erased before the answer is queued is refused, not shown by name (README, erasure).
        return InteractionResult.Respond(FeedbackCards.Inbox(newest.Items, newest.Total, undelivered, item => Describe(item, named), clock.Zone)) with { Names = named.Ids };
    }

    InteractionResult TypedReply(Interaction interaction, Person person)
    {
        var rest = InteractionRouter.TextAfter(interaction.Text, "reply");
        var number = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        // "reply 12 …", "reply #12 …" and "reply 12: …" all name item 12.
        var n = 0;
        var numbered = number.Length > 0 && int.TryParse(number[0].TrimStart('#').TrimEnd(':', ',', '.'), System.Globalization.CultureInfo.InvariantCulture, out n);
        if (!IsCentralTeam(person))
        {
            if (number.Length == 0) return InteractionResult.Notify(AnswerHow);
            // A tutor answering the central team's reply types "reply Thanks, but what about unit 4?": their words are
            // offered to pass on like any other text, not refused as a coordinator's command and lost.
            return numbered ? InteractionResult.Notify(OnlyCentralTeam) : OfferUnknownText(interaction, person);
        }
        if (!numbered)
            return InteractionResult.Notify("Say which item and what to answer, for example: reply 12 Thanks, we fixed the schedule.");
        if (store.FindByNumber(n) is not { } item) return InteractionResult.Notify($"There is no feedback #{n}. Type feedback inbox to see the open ones.");
        if (number.Length == 1) return InteractionResult.Respond(FeedbackCards.ReplyForm(item, inPlace: true));
        return Reply(item.Id, number[1], person, sent => InteractionResult.Respond(sent));
    }

    InteractionResult ReplyFromCard(Interaction interaction, Person person, FeedbackReplyData data)
    {
        if (!IsCentralTeam(person)) return InteractionResult.Notify(OnlyCentralTeam);
        if (Open(data.Item) is not { } item) return InteractionResult.Notify("Sorry, this feedback item is no longer available.");
        var named = new NamedPeople(directory);
        if (!interaction.Inputs.TryGetValue(FeedbackCards.TextInputId, out var text))
            // Declares the coordinator it may name as having replied since (README, erasure).
            return InteractionResult.Respond(FeedbackCards.ReplyForm(item, inPlace: true, SinceShown(item, data, person, notSent: null, named))) with { Names = named.Ids };
        return Reply(item.Id, text, person, sent => InteractionResult.AnswerTo(interaction, sent), Seen(data), now =>
            // The form again, in place of the one sent (Teams) or as a new message (a Slack modal closes): the other reply
            // above, what was typed kept in the field, and the count it now shows, so Send reply sends it as well.
            InteractionResult.AnswerTo(interaction, FeedbackCards.ReplyForm(now, inPlace: true, SinceShown(now, data, person, text.Trim(), named), text.Trim()))
                with { Names = named.Ids });
    }

    /// <summary>The replies the card showed: none when it does not say (the inbox lists only items waiting for their first).</summary>
    static int Seen(FeedbackReplyData data) =>
        int.TryParse(data.Replies, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seen) ? seen : 0;

    /// <summary>The replies sent, or the handling, since the card <paramref name="data"/> came from, with who and when in the reader's time zone.</summary>
    string? SinceShown(FeedbackItem item, FeedbackReplyData data, Person person, string? notSent, NamedPeople named)
    {
        var zone = clock.ZoneOf(person);
        return FeedbackCards.SinceShown(item, Seen(data), notSent,
            who: id => id is null ? "the central team" : id == person.Id ? "you" : named.NameOf(id) is { } name ? MarkdownText.Literal(name) : "someone who left",
            at: utc => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone)
                .ToString("'at' HH:mm 'on' ddd d MMM", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <param name="answer">How the confirmation is shown: a reply to typed text, or the answer to the reply form.</param>
    /// <param name="seen">How many replies the form showed (null: typed, no form); <paramref name="repliedSince"/> answers when more came since.</param>
    InteractionResult Reply(string itemId, string text, Person person, Func<Message, InteractionResult> answer,
        int? seen = null, Func<FeedbackItem, InteractionResult>? repliedSince = null)
    {
        var (outcome, item) = inbox.Reply(itemId, text, person.Id, repliedSince is null ? null : seen);
        return outcome switch
        {
            ReplyOutcome.Queued => answer(FeedbackCards.ReplySent(item!)),
            ReplyOutcome.RepliedSince when repliedSince is not null => repliedSince(item!),
            ReplyOutcome.Empty => InteractionResult.Notify("Please write your reply first."),
            ReplyOutcome.TooLong => InteractionResult.Notify(TooLong),
            ReplyOutcome.TooNested => InteractionResult.Notify(TooNested),
            ReplyOutcome.Unreachable => InteractionResult.Notify(Unreachable),
            _ => InteractionResult.Notify("Sorry, this feedback item is no longer available."),
        };
    }

    FeedbackItem? Open(string id) => store.Find(id) is { Status: not FeedbackStatus.Offered } item ? item : null;

    static bool IsCentralTeam(Person person) => person.HasRole(Roles.CentralTeam);

    /// <summary>Who wrote an item, as the inbox shows it: never a name for anonymous items.</summary>
    string Describe(FeedbackItem item, NamedPeople named)
    {
        var who = item.Anonymous ? "anonymous" : item.PersonId is { } id ? named.NameOf(id) ?? "someone who left" : "someone";
        return item.UpdateId is { } updateId && updateTitles.Of(updateId) is { } title ? $"{who} · about “{title}”" : who;
    }

    internal static string NewToken() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A typed message's item is keyed by the message (<see cref="Interaction.InboundId"/>): the item is stored before the
    /// request's inbound id is, so a platform's retry (after a failed commit) or a replay of the Slack inbox after a crash
    /// would otherwise store the same feedback twice, under two numbers.
    /// </summary>
    /// <remarks>
    /// Hashed under the anonymity key, kept outside the database: the id is shown with the item, and a Teams message's id is
    /// the millisecond it arrived, so a plain hash of person and message let anyone who can read the inbox and the roster's
    /// ids try every person and find who wrote an anonymous item.
    /// </remarks>
    string TokenFor(Interaction interaction, Person person) =>
        interaction.InboundId is { Length: > 0 } inbound ? anonymityKey.Keyed(person.Id + "\n" + inbound)[..32] : NewToken();

    internal static string ItemId(string token) => "fb-" + token;
}
