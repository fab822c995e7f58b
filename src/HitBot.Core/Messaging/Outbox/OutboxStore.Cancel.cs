using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

public sealed partial class OutboxStore
{
    /// <summary>Cancels under way: <c>{ _id, Campaigns: [...], Reason }</c>, written first and deleted once every row is cancelled.</summary>
    public const string CancelsCollection = "delivery_cancels";

    /// <summary>Rows cancelled in one transaction: the write lock is held for one chunk at a time, as when queueing (<see cref="EnqueueChunkRows"/>).</summary>
    public const int CancelChunkRows = 1_000;

    ILiteCollection<BsonDocument> Cancels => db.Collection<BsonDocument>(CancelsCollection);

    /// <summary>
    /// Stops the deliveries of these campaigns that are not sent yet (queued, held back by the message budget, or failed and
    /// waiting for a retry): they become Cancelled, which the dispatcher never claims and "re-send failed" never requeues.
    /// Returns how many were stopped.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The cancel is written down first (<see cref="CancelsCollection"/>) and from then on a claim of one of these rows
    /// drops it instead of sending it (<see cref="DropIfCancelled"/>). The rows are then cancelled
    /// <see cref="CancelChunkRows"/> to a transaction, so Teams' and Slack's commits get in between: one transaction for
    /// a 100,000-person update held them for seconds. A crash partway leaves the cancel written down; the next start
    /// drops its rows from the first claim and finishes it (<see cref="FinishInterruptedCancels"/>), so nothing of it is
    /// sent after a restart either.
    /// </para>
    /// <para>
    /// A row already claimed may still be waiting for the platform's pacing: it is marked, and the dispatcher drops it
    /// instead of sending it. One whose send has begun ends Sent like any other.
    /// </para>
    /// </remarks>
    public int Cancel(IReadOnlyCollection<string> campaigns, string reason)
    {
        var id = BeginCancel(campaigns, reason);
        var stopped = campaigns.Sum(campaign => CancelRowsOf(campaign, reason));
        EndCancel(id, campaigns);
        return stopped;
    }

    /// <summary>Finishes the cancels a stopped HitBot left under way; the dispatcher calls it as it starts.</summary>
    public int FinishInterruptedCancels()
    {
        var stopped = 0;
        foreach (var cancel in Cancels.FindAll().ToList())
        {
            var campaigns = CampaignsOf(cancel);
            var reason = cancel["Reason"].AsString ?? "";
            stopped += campaigns.Sum(campaign => CancelRowsOf(campaign, reason));
            EndCancel(cancel["_id"], campaigns);
        }
        return stopped;
    }

    /// <summary>Writes the cancel down and makes claims drop its rows, in one step under the claims' lock.</summary>
    /// <remarks>Internal for the test that stops a cancel here, as a crash would.</remarks>
    internal BsonValue BeginCancel(IReadOnlyCollection<string> campaigns, string reason)
    {
        lock (claims.Gate)
        {
            var id = db.InTransaction(() => Cancels.Insert(new BsonDocument
            {
                ["Campaigns"] = new BsonArray(campaigns.Select(c => new BsonValue(c))),
                ["Reason"] = reason,
            }));
            foreach (var campaign in campaigns) claims.CancelCampaign(campaign, reason);
            return id;
        }
    }

    void EndCancel(BsonValue id, IEnumerable<string> campaigns)
    {
        lock (claims.Gate)
        {
            db.InTransaction(() => Cancels.Delete(id));
            foreach (var campaign in campaigns) claims.EndCampaignCancel(campaign);
        }
    }

    /// <summary>Cancels a campaign's waiting rows a chunk at a time; each row is read again in its chunk's transaction, as it may have been sent meanwhile.</summary>
    int CancelRowsOf(string campaign, string reason)
    {
        var ids = WaitingIdsOf(campaign);
        var stopped = 0;
        foreach (var chunk in ids.Chunk(CancelChunkRows))
        {
            db.GiveWayToOtherWrites();
            stopped += CancelWaitingRows(chunk, reason);
        }
        return stopped;
    }

    /// <summary>
    /// Stops these few rows (by key) where they are not sent yet, as <see cref="Cancel"/> does for a whole campaign; rows
    /// that do not exist or were sent already are left alone. Returns how many were stopped.
    /// </summary>
    public int CancelWaiting(IEnumerable<string> ids, string reason)
    {
        // Read first, without the write lock: mostly there is nothing to stop (a survey answer with no reminder waiting).
        BsonValue[] waiting = [.. ids.Where(id => StateOf(id) is DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held).Select(id => new BsonValue(id))];
        return waiting.Length == 0 ? 0 : CancelWaitingRows(waiting, reason);
    }

    int CancelWaitingRows(BsonValue[] chunk, string reason)
    {
        lock (claims.Gate)
        {
            var claimedWritten = new List<Delivery>();
            var waiting = Counted(changes =>
            {
                var waiting = 0;
                var written = new List<Delivery>(chunk.Length);
                foreach (var rowId in chunk)
                {
                    if (Deliveries.FindById(rowId) is not { State: DeliveryState.Queued or DeliveryState.Failed or DeliveryState.Held } row) continue;
                    waiting++;
                    // A claimed row whose send has begun ends as it goes. One still waiting for pacing is marked for the
                    // dispatcher to drop and written Cancelled too: marked only in memory, a stop before the dispatcher
                    // got back to it left it Queued in the file, with the cancel already forgotten, and it went out at the start.
                    var claimed = claims.Contains(row.Id);
                    if (claimed && !claims.CancelBeforeSend(row.Id, reason)) continue;
                    var cancelled = row with { State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason };
                    written.Add(cancelled);
                    changes.Add(Changed(row, cancelled));
                    if (claimed) claimedWritten.Add(cancelled);
                }
                Deliveries.Update(written);
                return waiting;
            });
            foreach (var row in claimedWritten) claims.Rewritten(row);
            return waiting;
        }
    }

    /// <summary>The keys of a campaign's rows that are not sent yet.</summary>
    List<BsonValue> WaitingIdsOf(string campaign) =>
        IdsOf(campaign, state => state is nameof(DeliveryState.Queued) or nameof(DeliveryState.Failed) or nameof(DeliveryState.Held));

    /// <summary>The keys of a campaign's rows held back by the message budget.</summary>
    public List<string> HeldIdsOf(string campaign) => [.. IdsOf(campaign, state => state == nameof(DeliveryState.Held)).Select(id => id.AsString)];

    /// <summary>The keys of a campaign's rows in the states asked for, read through the campaign index without the rows' messages.</summary>
    List<BsonValue> IdsOf(string campaign, Func<string, bool> inState) =>
        [.. CampaignFields(campaign, IdAndState).Where(row => inState(row["State"].AsString)).Select(row => row["_id"])];

    static readonly BsonExpression IdAndState = BsonExpression.Create("{ _id: $._id, State: $.State }");

    /// <summary>The claims, dropping the rows of any cancel a stopped HitBot left under way from the very first claim.</summary>
    static OutboxClaims ClaimsResuming(HitBotDb db)
    {
        var claims = new OutboxClaims();
        foreach (var cancel in db.Collection<BsonDocument>(CancelsCollection).FindAll())
            foreach (var campaign in CampaignsOf(cancel)) claims.CancelCampaign(campaign, cancel["Reason"].AsString ?? "");
        return claims;
    }

    static List<string> CampaignsOf(BsonDocument cancel) => [.. cancel["Campaigns"].AsArray.Select(c => c.AsString)];

    /// <summary>Cancels a claimed row instead of sending it, with the reason the report shows (the person said stop, or left).</summary>
    public void CancelClaimed(Delivery claimed, string reason) => Record(claimed, claimed with
    {
        State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason, Attempts = Math.Max(claimed.Attempts - 1, 0),
    });

    /// <summary>
    /// True when this claimed delivery was cancelled while it waited, or is for or names someone erased since it was
    /// claimed: it is then recorded Cancelled (the attempt not counted) and must not be sent. The dispatcher asks right
    /// before each send.
    /// </summary>
    public bool DropIfCancelled(Delivery claimed)
    {
        lock (claims.Gate)
        {
            // Claimed before an erasure began and kept waiting by the platform's pacing: the erasure marks such rows when it
            // reaches the outbox, its last part, so until then this look is what keeps the message from going.
            var erased = IsErased(claimed) || NamesSomeoneBeingErased(claimed);
            if ((erased ? ErasedReason : claims.TakeCancellation(claimed.Id)) is not { } reason) return false;
            Record(claimed, claimed with
            {
                State = DeliveryState.Cancelled, DueAt = Delivery.NotDue, LastError = reason, Attempts = Math.Max(claimed.Attempts - 1, 0),
            });
            return true;
        }
    }
}
