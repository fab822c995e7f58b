using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Feedback;

public enum WordRemovalOutcome
{
    Removed,
    NoItem,
    NoteTooLong,
}

/// <summary>
/// Removes the words of a feedback item and of its replies, for good: a tutor wrote a student's name or details into it,
/// and HitBot keeps no student data (README, Security). The item keeps its number, dates, writer and status; its text and
/// every reply's become <see cref="TextFor"/>, and so does every outbox row that quoted them. A reply that went out in a
/// named chat is edited there too; one still waiting is given up.
/// </summary>
/// <remarks>
/// The outbox goes first and the item last, so a stop partway leaves the words on the item and the central team simply
/// removes them again (nothing else knows which rows to look for once the item's words are gone). After the item is
/// written the outbox is read once more: a reply queued meanwhile quotes the item, and is found by that quote.
/// </remarks>
public sealed class FeedbackWordRemoval(FeedbackStore store, OutboxStore outbox, ProgramClock clock, TimeProvider time)
{
    public const int MaxNote = NoStudentData.MaxRemovalNote;

    /// <summary>Where the follow-ups that change a delivered reply in its chat are counted, apart from the replies themselves.</summary>
    public const string EditCampaignPrefix = "feedback-words-removed:";

    /// <summary>What stands in the place of the words, dated in the program's time zone.</summary>
    public static string TextFor(DateOnly day) => NoStudentData.RemovedText(day);

    /// <summary>Removes the words; an item whose words are gone already is answered as it is (the first removal's record).</summary>
    public (WordRemovalOutcome Outcome, FeedbackItem? Item) Remove(string id, string? byPersonId, string? note)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNote }) return (WordRemovalOutcome.NoteTooLong, null);
        if (store.Find(id) is not { Status: not FeedbackStatus.Offered } item) return (WordRemovalOutcome.NoItem, null);
        if (item.WordsRemoved is not null) return (WordRemovalOutcome.Removed, item);

        var now = time.GetUtcNow();
        var text = TextFor(clock.Today());
        var quotes = Quotes(item);
        RemoveFromOutbox(item, item.Replies, quotes, text, now);
        FeedbackItem? seen = null;
        var removed = store.Change(id, byPersonId, current =>
        {
            seen = current;
            return current.WordsRemoved is not null ? current : current with
            {
                Text = text,
                Replies = [.. current.Replies.Select(r => r with { Text = text })],
                WordsRemoved = new WordsRemoved { At = now.UtcDateTime, ByPersonId = byPersonId, Note = note },
            };
        });
        if (removed is null) return (WordRemovalOutcome.NoItem, null);
        // A reply queued meanwhile quotes the item (found by its quote); one recorded since the first read goes by its id too.
        var since = seen?.Replies.Where(r => item.Replies.All(known => known.Id != r.Id)).ToList() ?? [];
        RemoveFromOutbox(item, since, [.. quotes, .. since.SelectMany(r => FeedbackQuotes.Of(r.Text))], text, now);
        return (WordRemovalOutcome.Removed, removed);
    }

    static List<string> Quotes(FeedbackItem item) =>
        [.. FeedbackQuotes.Of(item.Text), .. item.Replies.SelectMany(r => FeedbackQuotes.Of(r.Text))];

    void RemoveFromOutbox(FeedbackItem item, IEnumerable<FeedbackReply> replies, List<string> quotes, string text, DateTimeOffset now)
    {
        var replyIds = replies.Select(r => Delivery.KeyFor(r.Id)).ToHashSet(StringComparer.Ordinal);
        var card = FeedbackCards.ReplyDelivered(item with { Text = text }, new FeedbackReply { Text = text });
        // A delivered reply is changed in its chat as a corrected update is; an anonymous one kept no chat to change.
        outbox.RemoveWords(replyIds, quotes, Messaging.Message.Text(text), sent => replyIds.Contains(sent.Id) && !sent.Private && sent.SentMessageId is not null
            ? Delivery.FollowUp($"words-removed:{sent.Id}", EditCampaignPrefix + item.Id, sent, DeliveryKind.Update, card, now)
            : null);
    }
}
