using System.Globalization;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Updates;

namespace HitBot.Core.Feedback;

/// <summary>The feedback conversation in chat: the form, the offer for unknown text, the acknowledgement, the reply, the inbox.</summary>
public static class FeedbackCards
{
    /// <summary>The form's Send: the same verb as "Ask a question" under an update, which opens this form.</summary>
    public const string SendVerb = UpdateCards.AskQuestionVerb;
    public const string OfferVerb = "feedback.offer";
    public const string ReplyVerb = "feedback.reply";
    public const string TextInputId = "text";
    public const string AnonymousInputId = "anonymous";
    public const string Yes = "yes";
    public const int InboxLength = 5;

    /// <summary>"Ask a question" under an update, or the bare "feedback" command (<paramref name="anonymous"/>: "feedback anonymously").</summary>
    public static Message Form(string? updateId = null, string? updateTitle = null, string? token = null, bool inPlace = false, bool anonymous = false)
    {
        var data = CardData.Of(new AskQuestionData(updateId, token), answerInPlace: inPlace);
        var title = updateId is null ? "Feedback for the central team" : "Ask a question";
        var intro = updateTitle is null
            ? "Tell the central team what's on your mind: a question, an idea, something that isn't working."
            : $"Your question about **{updateTitle}** goes to the central team, and their reply comes back here.";
        return new Message(title, new Card(title,
        [
            new TextBlock(intro),
            new TextInput(TextInputId, updateId is null ? "Your message" : "Your question", Multiline: true, MaxLength: FeedbackItem.MaxText, Required: true,
                Placeholder: NoStudentData.Placeholder(FeedbackItem.MaxText)),
            AnonymousChoice(anonymous),
        ],
        [new SubmitAction("Send", SendVerb, data, ActionStyle.Positive)]));
    }

    /// <summary>Said under feedback whose message also carried pictures or files: only the words go to the central team.</summary>
    public const string FilesLeftOut = "Only your words are passed on: I can't pass on pictures or files.";

    /// <summary>Text the bot did not understand, offered as feedback.</summary>
    /// <param name="offersStop">The text says stop but is not the stop command: one press on its own button stops (<see cref="StopLine"/>).</param>
    /// <param name="updateTitle">The update it was written under (a Slack thread): offered as a question about it, as "Ask a question" sends one.</param>
    /// <param name="underWithdrawnUpdate">
    /// It was written under an update the central team has withdrawn since: offered as feedback on its own, saying why, so the
    /// "went on its own" of the acknowledgement is no surprise.
    /// </param>
    public static Message Offer(FeedbackItem item, bool filesLeftOut = false, bool offersStop = false, string? updateTitle = null, bool underWithdrawnUpdate = false) =>
        new("Shall I pass this on to the central team?", new Card("Pass this on?",
    [
        new TextBlock(updateTitle is not null
            ? $"Shall I pass this on to the central team as a question about **{updateTitle}**? Their reply will come to this chat."
            : underWithdrawnUpdate ? UnderWithdrawnUpdate
            : "I didn't recognise that as a command. Shall I pass it on to the central team as feedback?"),
        new TextBlock(Quote(item.Text), Subtle: true),
        .. LineIf(filesLeftOut, FilesLeftOut),
        .. LineIf(offersStop, StopLine),
        new TextBlock("Type **help** to see what I can do.", Subtle: true),
    ],
    [
        OfferAction(updateTitle is null ? "Send as feedback" : "Send my question", item, "named", ActionStyle.Positive),
        OfferAction("Send anonymously", item, AnonymousInputId, ActionStyle.Default),
        OfferAction("No thanks", item, "cancel", ActionStyle.Default),
        .. StopIf(offersStop),
    ]));

    public const string StopLine = "Did you mean you want no more updates, surveys or thank-yous from HitBot? Press **Stop these messages**.";

    public static Message NotSent() => Message.Text("OK, I didn't send it.");

    /// <summary>The offer of words written under an update withdrawn since (its message in Slack is then deleted).</summary>
    public const string UnderWithdrawnUpdate =
        "The update you wrote under has been withdrawn by the central team. Shall I pass this on to them anyway, on its own?";

    /// <summary>Said when a question's update was recalled while it was being typed: the question went on its own.</summary>
    public const string UpdateWithdrawn = "The update you asked about has been withdrawn, so your question went to the central team on its own.";

    /// <summary>Said when an anonymous question's update went to so few people that naming it would say who asked.</summary>
    public const string UpdateNotNamed =
        "The update you asked about went to fewer than five people, so your question went to the central team on its own: naming the update would tell them who asked.";

    public static Message Acknowledgement(FeedbackItem item, bool filesLeftOut = false, bool updateWithdrawn = false, bool updateNotNamed = false)
    {
        var how = item.Anonymous
            ? "It was sent **anonymously**: the central team does not see your name. If they reply, the reply arrives here."
            : "The central team will read it, and their reply will arrive here.";
        return new Message("Thanks, your message is with the central team", new Card("Thanks, it's with the central team",
            [new TextBlock(how), new TextBlock(Quote(item.Text), Subtle: true), .. LineIf(filesLeftOut, FilesLeftOut),
                .. LineIf(updateWithdrawn, UpdateWithdrawn), .. LineIf(updateNotNamed, UpdateNotNamed)], []));
    }

    /// <summary>A line a card says only in some cases (the words went without their picture, the update was withdrawn).</summary>
    static CardElement[] LineIf(bool when, string text) => when ? [new TextBlock(text)] : [];

    /// <summary>In plain sight, not in the "…" menu where updates keep it: this person may have just asked for it.</summary>
    static CardAction[] StopIf(bool when) => when ? [ConsentRoutes.StopAction() with { Secondary = false }] : [];

    /// <remarks>
    /// A reply to anonymous feedback keeps its words off the lock screen: read there, beside the person's name on the phone,
    /// it tells whoever sees the phone what the person wrote without their name.
    /// </remarks>
    public static Message ReplyDelivered(FeedbackItem item, FeedbackReply reply) => new(
        item.Anonymous
            ? "A reply from the central team to your anonymous feedback: open the chat to read it"
            : "A reply from the central team: " + OneLine(MarkdownText.Plain(reply.Text), 80),
        new Card("A reply from the central team",
        [
            new TextBlock(reply.Text),
            new TextBlock("You wrote: " + Quote(OneLine(item.Text, 300)), Subtle: true),
            new TextBlock(item.Anonymous
                // "feedback" alone would send the answer with their name: the way back keeps them anonymous.
                ? "You stay anonymous. To answer, type **feedback anonymously** and your message."
                : "To answer, type **feedback** and your message.", Subtle: true),
        ], []));

    /// <summary>How many replies that did not arrive the chat inbox lists; the Feedback page shows every one.</summary>
    public const int UndeliveredLength = 3;

    const string Empty = "The feedback inbox is empty: nothing waits for a reply.";

    /// <summary>
    /// The newest open items for a central team member in chat, each with a Reply button: the first <see cref="InboxLength"/>
    /// of <paramref name="newest"/>, out of <paramref name="total"/> waiting. Below them, replies the writer's chat
    /// refused (<paramref name="undelivered"/>): their items count as answered, so without this line a coordinator who
    /// works from chat would never learn the answer did not arrive.
    /// </summary>
    public static Message Inbox(IReadOnlyList<FeedbackItem> newest, int total, IReadOnlyList<UndeliveredReply> undelivered,
        Func<FeedbackItem, string> from, TimeZoneInfo zone)
    {
        if (newest.Count == 0 && undelivered.Count == 0) return Message.Text(Empty);
        string Day(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("d MMM", CultureInfo.InvariantCulture);
        var shown = newest.Take(InboxLength).ToList();
        var body = new List<CardElement>();
        if (shown.Count == 0) body.Add(new TextBlock(Empty));
        foreach (var item in shown)
            body.Add(new TextBlock($"**#{item.Number}** · {from(item)} · {Day(item.CreatedAt)}\n\n{Quote(OneLine(item.Text, 400))}"));
        if (total > shown.Count)
            body.Add(new TextBlock($"and {total - shown.Count} more on the dashboard's Feedback page.", Subtle: true));
        if (shown.Count > 0) body.Add(new TextBlock("Reply with the buttons, or type **reply 12** and your answer.", Subtle: true));
        if (undelivered.Count > 0)
        {
            body.Add(new TextBlock("**Replies that did not arrive**"));
            foreach (var (item, reply, reason) in undelivered.Take(UndeliveredLength))
                body.Add(new TextBlock($"**#{item.Number}** · {from(item)} · your reply of {Day(reply.At)} did not arrive: {reason ?? "the chat refused it."}"));
            body.Add(new TextBlock("They count as answered until you mark them handled on the dashboard's Feedback page.", Subtle: true));
        }
        var actions = shown.Select(i => (CardAction)new SubmitAction($"Reply to #{i.Number}", ReplyVerb, CardData.Of(new FeedbackReplyData(i.Id)))).ToList();
        var summary = total switch
        {
            0 => undelivered.Count == 1 ? "1 reply did not arrive" : $"{undelivered.Count} replies did not arrive",
            1 => "1 feedback item waits for a reply",
            _ => $"{total} feedback items wait for a reply",
        };
        return new Message(summary, new Card("Feedback inbox", body, actions));
    }

    /// <param name="since">What happened to the item since the card the form was opened from was made (another reply), shown first.</param>
    /// <param name="typed">A reply written but not sent, given back in the field.</param>
    public static Message ReplyForm(FeedbackItem item, bool inPlace = false, string? since = null, string? typed = null)
    {
        // The replies the form is opened on: a reply that arrives after it is shown is one its writer has not read.
        var data = CardData.Of(new FeedbackReplyData(item.Id, item.Replies.Count.ToString(CultureInfo.InvariantCulture)), answerInPlace: inPlace);
        List<CardElement> body = since is null ? [] : [new TextBlock(since)];
        body.Add(new TextBlock(Quote(OneLine(item.Text, 600)), Subtle: true));
        body.Add(new TextInput(TextInputId, "Your reply", Multiline: true, MaxLength: FeedbackItem.MaxText, Required: true, Value: typed));
        return new Message($"Reply to #{item.Number}", new Card($"Reply to #{item.Number}", body,
            [new SubmitAction("Send reply", ReplyVerb, data, ActionStyle.Positive)]));
    }

    /// <summary>
    /// What another coordinator (or the dashboard) did with an item since a card about it was made, or null: the replies sent
    /// since (the latest quoted, with who and when), or that it was marked handled. Two coordinators who each opened the inbox
    /// answered the same tutor twice, neither knowing of the other's reply.
    /// </summary>
    /// <param name="seen">How many replies the card showed.</param>
    /// <param name="notSent">The reply typed on that card, which was not sent because of them; null when the card is only being opened.</param>
    public static string? SinceShown(FeedbackItem item, int seen, string? notSent, Func<string?, string> who, Func<DateTime, string> at)
    {
        var newer = item.Replies.Skip(seen).ToList();
        if (newer is [])
            return notSent is null && item is { Status: FeedbackStatus.Handled, HandledAt: { } handled }
                ? $"**Already marked handled** {at(handled)}. A reply you send here still goes to the person who wrote it."
                : null;
        var latest = newer[^1];
        var what = newer.Count == 1
            ? $"{who(latest.ByPersonId)} replied {at(latest.At)}"
            : $"{newer.Count} replies were sent since, the latest by {who(latest.ByPersonId)} {at(latest.At)}";
        return notSent is null
            ? $"**Already answered:** {what}: {Quote(OneLine(latest.Text, 300))} A reply you send here goes to the person who wrote it as well."
            : $"**Your reply was not sent:** {what}, after you opened this form: {Quote(OneLine(latest.Text, 300))} " +
              $"To send yours as well, send it again from this form. What you wrote: {Quote(OneLine(notSent, 600))}";
    }

    public static Message ReplySent(FeedbackItem item) =>
        Message.Text(item.Anonymous
            ? $"Your reply to #{item.Number} is on its way to the person who wrote it (they stay anonymous)."
            : $"Your reply to #{item.Number} is on its way.");

    static ChoiceInput AnonymousChoice(bool ticked) =>
        new(AnonymousInputId, "Your name", [new Choice("Send anonymously (the central team won't see my name)", Yes)], Multiple: true, Value: ticked ? Yes : null);

    static SubmitAction OfferAction(string title, FeedbackItem item, string how, ActionStyle style) =>
        new(title, OfferVerb, CardData.Of(new FeedbackOfferData(item.Id, how)), style);

    /// <summary>What someone typed, in quotes and as typed: their brackets make no link in the card (<see cref="MarkdownText.Literal"/>).</summary>
    static string Quote(string text) => "“" + MarkdownText.Literal(text.Trim()) + "”";

    /// <summary>The text on one line, cut to <paramref name="max"/> characters with "…"; never between the two halves of an emoji.</summary>
    static string OneLine(string text, int max)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return ShortText.Cut(line, max);
    }

    /// <summary>A thank-you card from the central team.</summary>
    public static Message Thanks(Appreciation appreciation) => new(appreciation.Title + " " + OneLine(MarkdownText.Plain(appreciation.Message), 80),
        new Card(appreciation.Title, [new TextBlock(appreciation.Message), new TextBlock("From your program's central team", Subtle: true)], []));
}
