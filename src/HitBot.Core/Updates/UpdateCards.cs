using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Updates;

/// <summary>The update as people see it in chat, with its reaction buttons.</summary>
public static class UpdateCards
{
    public const string ReactVerb = "update.react";
    public const string Helpful = "helpful";
    public const string NotHelpful = "not-helpful";
    public const string EditedNote = "Edited";

    /// <summary>
    /// "Ask a question": Feedback answers it with its form and files the question in its inbox (Feedback/FeedbackRoutes).
    /// The wire name is Feedback's own, unchanged for cards already sent.
    /// </summary>
    public const string AskQuestionVerb = "feedback.send";

    public static Message Card(Update update, Reaction? reaction = null)
    {
        var body = new List<CardElement>();
        // The title is only a stand-in for updates written without imageAlt: it says nothing of the picture.
        if (update.ImageUrl is { } image) body.Add(new ImageBlock(image, update.ImageAlt ?? update.Title));
        body.Add(new TextBlock(update.Body));
        // Corrected after it was sent: people who read the first version can tell this one changed.
        if (update.EditedAt is not null) body.Add(new TextBlock(EditedNote, Subtle: true));
        if (reaction is { } given)
            body.Add(new TextBlock(given == Reaction.Helpful
                ? "You found this helpful — thank you! You can change your answer."
                : "Thanks for telling us this was not helpful. You can change your answer.", Subtle: true));
        var actions = new List<CardAction>(update.Links.Select(l => new OpenUrlAction(l.Title, l.Url)))
        {
            React(update, "Helpful", Helpful, ActionStyle.Positive),
            React(update, "Not helpful", NotHelpful, ActionStyle.Default),
            // The question lands in the feedback inbox, tied to this update (Feedback/FeedbackRoutes).
            new SubmitAction("Ask a question", AskQuestionVerb, CardData.Of(new AskQuestionData(update.Id))),
            Directory.Chat.ConsentRoutes.StopAction(),
        };
        return new Message(Preview(update), new Card(update.Title, body, actions));
    }

    /// <summary>
    /// The line a phone shows before the chat is opened: the title alone ("Week 12: sessions resume Monday") did not say it
    /// was a program update rather than a message from a person.
    /// </summary>
    static string Preview(Update update) => "Update: " + update.Title;

    /// <summary>The last few updates, newest first, for "updates": each dated in the reader's zone, as their survey cards are.</summary>
    public static Message List(IReadOnlyList<Update> updates, TimeZoneInfo zone)
    {
        // "To you": the list holds only what reached this reader; a coordinator who sent dozens to tutors has none of them.
        if (updates.Count == 0) return Message.Text("No updates have been sent to you yet.");
        var facts = updates.Select(u => new Fact(
            TimeZoneInfo.ConvertTimeFromUtc(u.SentAt ?? u.CreatedAt, zone).ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture),
            u.Title)).ToList();
        return new Message("The latest updates", new Card("The latest updates",
            [new FactList(facts), new TextBlock("Type **latest update** to see the newest one again.", Subtle: true)], []));
    }

    /// <summary>The updates a person's message budget held back, by title, with a button that lists them in chat.</summary>
    public static Message Digest(IReadOnlyList<string> titles)
    {
        var title = titles.Count == 1 ? "An update you have not seen" : $"{titles.Count} updates you have not seen";
        var body = new List<CardElement>
        {
            new TextBlock("To keep your messages few, these were saved for you instead of sent one by one:"),
            new FactList([.. titles.Select((t, i) => new Fact($"{i + 1}.", t))]),
            new TextBlock("Type **updates** to list them or **latest update** to open the newest.", Subtle: true),
        };
        return new Message(title, new Card(title, body,
            [new SubmitAction("Show the updates", Interaction.CommandVerb, new() { ["text"] = "updates" })]));
    }

    static SubmitAction React(Update update, string title, string value, ActionStyle style) =>
        new(title, ReactVerb, CardData.Of(new UpdateReactionData(update.Id, value)), style);
}
