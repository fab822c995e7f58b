namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// The rows a send is working on right now. A claim is held in memory and never written: one process owns the file
/// (README), so nobody else could take the row, and after a crash the row is simply still Queued on disk.
/// </summary>
sealed class OutboxClaims
{
    /// <summary>Each claimed row as the file had it when it was read, and the outbox's counter of others' rewrites then.</summary>
    readonly Dictionary<string, (CountedRow? Row, long Seen)> claimed = new(StringComparer.Ordinal);
    /// <summary>Claimed rows cancelled before their send began, with the reason: dropped when the dispatcher gets to them.</summary>
    readonly Dictionary<string, string> cancelled = new(StringComparer.Ordinal);
    /// <summary>
    /// Claimed rows whose send has begun (the dispatcher's last look found no cancel): a cancel now cannot stop them, so
    /// they show as Sending, not Cancelled. Shown Cancelled, a survey closed while its cards were on the wire counted them
    /// as asking nobody, for good, though they went out.
    /// </summary>
    readonly HashSet<string> begun = new(StringComparer.Ordinal);

    /// <summary>
    /// Held around a look at the rows and the write that follows it, so that no claim happens in between and a claim sees
    /// either the claim or the written outcome, never a row still due without its claim. Re-entrant; taken before the write lock.
    /// </summary>
    public Lock Gate { get; } = new();

    public int Count
    {
        get { lock (Gate) return claimed.Count; }
    }

    public bool Contains(string id)
    {
        lock (Gate) return claimed.ContainsKey(id);
    }

    /// <param name="row">The row as read from the file.</param>
    /// <param name="seen">The outbox's count of others' rewrites (<see cref="Storage.CollectionChanges.RewritesOf"/>) when it was read.</param>
    public void Add(Delivery row, long seen)
    {
        lock (Gate)
        {
            claimed[row.Id] = (CountedRow.Of(row), seen);
            if (row.FollowsDeliveryId is { } original) changesInFlight[row.Id] = (original, row.CreatedAt);
        }
    }

    /// <summary>Claimed follow-ups (edits, deletions): the send each changes and when it was queued.</summary>
    readonly Dictionary<string, (string Original, DateTime CreatedAt)> changesInFlight = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a follow-up of the same send, queued before this one, is claimed: two corrections' edits of one message on
    /// the wire together could land in either order, and the older text would stay. The later one waits for it.
    /// </summary>
    public bool EarlierChangeInFlight(Delivery followUp)
    {
        lock (Gate)
            return changesInFlight.Count > 1 && followUp.FollowsDeliveryId is { } original && changesInFlight.Any(c =>
                c.Key != followUp.Id && c.Value.Original == original
                && (c.Value.CreatedAt < followUp.CreatedAt || c.Value.CreatedAt == followUp.CreatedAt && string.CompareOrdinal(c.Key, followUp.Id) < 0));
    }

    /// <summary>How a claimed row counted when it was read (null: not counted), and the others' rewrites counter then; null when not claimed.</summary>
    public (CountedRow? Row, long Seen)? Of(string id)
    {
        lock (Gate) return claimed.TryGetValue(id, out var row) ? row : null;
    }

    /// <summary>The claimed rows of these campaigns, each as the file counts it and as it is shown (Sending, or Cancelled).</summary>
    public List<(CountedRow Row, DeliveryState Shown)> InCampaigns(IReadOnlySet<string> campaigns)
    {
        lock (Gate)
            return [.. claimed.Where(c => c.Value.Row is { } row && campaigns.Contains(row.Campaign))
                .Select(c => (c.Value.Row!.Value, Shown(c.Key, c.Value.Row!.Value.State)))];
    }

    /// <summary>Marks a claimed row to be dropped instead of sent, unless its send has begun; false when it has.</summary>
    public bool CancelBeforeSend(string id, string reason)
    {
        lock (Gate)
        {
            cancelled[id] = reason;
            return !begun.Contains(id);
        }
    }

    /// <summary>A claimed row written Cancelled meanwhile: it now counts as the file has it.</summary>
    public void Rewritten(Delivery row)
    {
        lock (Gate)
            if (claimed.TryGetValue(row.Id, out var claim)) claimed[row.Id] = (CountedRow.Of(row), claim.Seen);
    }

    /// <summary>Campaigns being cancelled (<see cref="OutboxStore.Cancel"/>), with the reason and how many cancels of each are under way.</summary>
    readonly Dictionary<string, (string Reason, int Under)> cancelledCampaigns = new(StringComparer.Ordinal);

    /// <summary>From now on a claimed row of this campaign is dropped instead of sent, until <see cref="EndCampaignCancel"/>.</summary>
    public void CancelCampaign(string campaign, string reason)
    {
        lock (Gate) cancelledCampaigns[campaign] = (reason, cancelledCampaigns.GetValueOrDefault(campaign).Under + 1);
    }

    public void EndCampaignCancel(string campaign)
    {
        lock (Gate)
        {
            if (!cancelledCampaigns.TryGetValue(campaign, out var cancel)) return;
            if (cancel.Under <= 1) cancelledCampaigns.Remove(campaign);
            else cancelledCampaigns[campaign] = cancel with { Under = cancel.Under - 1 };
        }
    }

    /// <summary>The reason this campaign is being cancelled; null when it is not.</summary>
    public string? CampaignCancellation(string campaign)
    {
        lock (Gate) return cancelledCampaigns.Count > 0 && cancelledCampaigns.TryGetValue(campaign, out var cancel) ? cancel.Reason : null;
    }

    /// <summary>The reason this claimed row was cancelled, taken off the list; null when it was not, and its send begins.</summary>
    public string? TakeCancellation(string id)
    {
        lock (Gate)
        {
            if (cancelled.Remove(id, out var reason)) return reason;
            begun.Add(id);
            return null;
        }
    }

    public string? CancellationOf(string id)
    {
        lock (Gate) return cancelled.GetValueOrDefault(id);
    }

    /// <summary>The outcome is written: the row is the file's again.</summary>
    public void End(string id)
    {
        lock (Gate)
        {
            claimed.Remove(id);
            cancelled.Remove(id);
            begun.Remove(id);
            changesInFlight.Remove(id);
        }
    }

    /// <summary>The state to show for a row: one whose send is in flight is Sending, though the file still says Queued.</summary>
    public DeliveryState Shown(Delivery row) => Shown(row.Id, row.State);

    /// <summary>The same for a row known by its id and stored state only (the report's tally reads no whole rows).</summary>
    public DeliveryState Shown(string id, DeliveryState stored)
    {
        lock (Gate)
            return !claimed.ContainsKey(id) ? stored
                : cancelled.ContainsKey(id) && !begun.Contains(id) ? DeliveryState.Cancelled : DeliveryState.Sending;
    }
}
