using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>Removing words the central team took out of the program (a tutor's feedback naming a student) from the outbox.</summary>
public sealed partial class OutboxStore
{
    /// <summary>
    /// Every row in <paramref name="rowIds"/>, and every row whose message (its own or the shared one it sends) holds one of
    /// <paramref name="quotes"/> (JSON text as <see cref="MessageJson"/> writes it), gets <paramref name="replacement"/> as
    /// its message: a row that went out or was given up keeps its outcome; one still waiting is given up with
    /// <see cref="WordsRemovedReason"/>, never sent. For each rewritten row that went out, <paramref name="editFor"/> may give a
    /// follow-up that changes the copy in the chat (null: none), queued once however often this runs. Returns how many rows changed.
    /// </summary>
    /// <remarks>
    /// Found as <see cref="ErasePerson"/> finds rows naming someone: one read of the outbox in key order outside the write
    /// lock (no index finds a row by its text), then rewritten a chunk to a transaction, each row read again there. Run
    /// again, it finds only rows that still hold the words.
    /// </remarks>
    public int RemoveWords(IReadOnlySet<string> rowIds, IReadOnlyList<string> quotes, Message replacement, Func<Delivery, Delivery?> editFor) =>
        RemoveWords(rowIds, quotes, _ => replacement, editFor);

    /// <summary>As above, each row getting the message <paramref name="replacementFor"/> makes of it (a card with the words taken out).</summary>
    public int RemoveWords(IReadOnlySet<string> rowIds, IReadOnlyList<string> quotes, Func<Delivery, Message> replacementFor, Func<Delivery, Delivery?> editFor)
    {
        bool Holds(string json) => quotes.Any(q => q.Length > 0 && json.Contains(q, StringComparison.Ordinal));
        var sharedWithWords = messages.All().Where(m => Holds(m.Json)).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);
        bool Matches(string id, string json, string? messageId) =>
            rowIds.Contains(id) || Holds(json) || (json.Length == 0 && messageId is { } shared && sharedWithWords.Contains(shared));

        var found = new List<BsonValue>();
        foreach (var chunk in RowsInKeyOrder(BsonValue.MinValue, WordsFields))
            foreach (var row in chunk)
                if (Matches(row["_id"].AsString, row["MessageJson"].AsString ?? "", row["MessageId"].IsString ? row["MessageId"].AsString : null)) found.Add(row["_id"]);

        // Claimed rows waiting for the platform's pacing are dropped when the dispatcher gets to them, not sent (WriteOutcomes).
        CancelClaimed(found, WordsRemovedReason);
        var edits = new List<Delivery>();
        var changed = db.InChunks(found, chunk => Counted(changes =>
        {
            foreach (var id in chunk)
            {
                if (Deliveries.FindById(id) is not { } row || !Matches(row.Id, row.MessageJson, row.MessageId)) continue;
                // A private row emptied once it went (an anonymous item's) holds no words, nor a chat to edit.
                if (row.MessageJson.Length == 0 && row.MessageId is null) continue;
                var finished = row.State is DeliveryState.Sent or DeliveryState.Dead or DeliveryState.Cancelled;
                var rewritten = row.WithMessage(replacementFor(row)) with
                {
                    State = finished ? row.State : DeliveryState.Dead,
                    LastError = finished ? row.LastError : WordsRemovedReason,
                    DueAt = finished ? row.DueAt : Delivery.NotDue,
                };
                Deliveries.Update(rewritten);
                changes.Add(Changed(row, rewritten));
                if (row.State == DeliveryState.Sent && editFor(row) is { } edit) edits.Add(edit);
            }
            return changes.Count;
        }));
        if (sharedWithWords.Count > 0)
            db.InTransaction(() =>
            {
                foreach (var id in sharedWithWords) messages.Delete(id);
                return sharedWithWords.Count;
            });
        EnqueueMany(edits);
        return changed;
    }

    /// <summary>Why a row waiting to go was given up by <see cref="RemoveWords"/>: shown beside a reply that never went.</summary>
    public const string WordsRemovedReason = "Not sent: the central team removed its words.";

    static readonly BsonExpression WordsFields = BsonExpression.Create("{ _id: $._id, MessageJson: $.MessageJson, MessageId: $.MessageId }");
}
