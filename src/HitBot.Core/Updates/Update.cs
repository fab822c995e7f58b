using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HitBot.Core.Directory;

namespace HitBot.Core.Updates;

public enum UpdateStatus
{
    Draft,
    Sent,
}

/// <summary>A link button under an update ("Session schedule", "Training video").</summary>
public sealed record UpdateLink(string Title, string Url);

/// <summary>A weekly update from the central team: Markdown body, optional image, up to three link buttons.</summary>
public sealed record Update
{
    public const int MaxLinks = 3;
    public const int MaxTitle = 150;
    public const int MaxBody = 10_000;

    public string Id { get; init; } = "";
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public string? ImageUrl { get; init; }
    /// <summary>What the image shows, for screen readers (the cards' altText / alt_text); without it the title stands in.</summary>
    public string? ImageAlt { get; init; }
    public List<UpdateLink> Links { get; init; } = [];
    public Audience Audience { get; init; } = new();
    public UpdateStatus Status { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>The person who wrote it in chat ("post update"); null for the admin API.</summary>
    public string? CreatedBy { get; init; }
    /// <summary>When it was first sent (now or by its schedule).</summary>
    public DateTime? SentAt { get; init; }

    /// <summary>How many times the sent update was corrected (0: as first sent); each correction replaces it in every chat.</summary>
    public int Revision { get; init; }
    /// <summary>When it was last corrected after sending; the cards say "Edited".</summary>
    public DateTime? EditedAt { get; init; }
    /// <summary>Who made that correction: a person's id, or null for the shared admin token. A later correction refused as stale names them.</summary>
    public string? EditedBy { get; init; }
    /// <summary>When the central team took it back out of every chat; a recalled update is shown nowhere and sent no more.</summary>
    public DateTime? RecalledAt { get; init; }

    /// <summary>
    /// When the central team last pressed "Cancel sending": the copies not delivered by then were stopped for good, so
    /// "Send the failed ones again" leaves those given up before it alone (a weekly update's later weeks are new sends).
    /// </summary>
    public DateTime? SendingCancelledAt { get; init; }

    /// <summary>
    /// When "Send now" began queueing it; cleared in the save that marks it sent. Still set after a start, it is a send
    /// HitBot stopped partway (a crash or a failed write between two chunks of a big audience): the scheduler's next look
    /// queues the rest (<see cref="UpdateSender.FinishInterruptedSend"/>). Indexed: that look's query.
    /// </summary>
    public DateTime? SendingSince { get; init; }

    /// <summary>
    /// When the current revision (a correction) was saved; cleared once its edits are queued and the copies still waiting
    /// rewritten. Still set after a start, it is a correction HitBot stopped partway (a big audience's edits go a chunk at a
    /// time): the scheduler's next look finishes it (<see cref="UpdateCorrections.FinishInterrupted"/>). Indexed.
    /// </summary>
    public DateTime? CorrectingSince { get; init; }

    /// <summary>Whom its latest queueing reached, stored then so that a report need not read the directory again.</summary>
    public ReachCounts? Reach { get; init; }

    public UpdateSchedule? Schedule { get; init; }

    /// <summary>
    /// The occurrences a weekly update was queued for, as the dates in its delivery keys ("2026-09-07"), oldest first; saved
    /// before each occurrence's rows are queued. Whether a person received a weekly update ("Ask a question", a reaction,
    /// "latest update") is then a key look-up per week, not a read of every delivery row of a year of weeks.
    /// </summary>
    public List<string> SentWeeks { get; init; } = [];
    /// <summary>The next occurrence of <see cref="Schedule"/> still to send (UTC), or null. Indexed: the scheduler's query.</summary>
    public DateTime? NextAt { get; init; }

    /// <summary>
    /// Goes even inside a pause of the program calendar (a break, testing window or holiday), and is not counted against
    /// anyone's weekly message budget nor held by it; other updates wait.
    /// </summary>
    public bool Urgent { get; init; }

    /// <summary>The newsletter series this draft is queued in (<see cref="UpdateSeries"/>), or null.</summary>
    public string? SeriesId { get; init; }
    /// <summary>Its place in its series (1, 2, 3…, in the order drafts were put in): a series sends its queued drafts in this order.</summary>
    public int? SeriesPosition { get; init; }

    /// <summary>
    /// When the draft was last changed (<c>PATCH</c>) and by whom: a person's id, or null for the shared admin token. A
    /// coordinator whose save is refused because someone saved the draft after they opened it is told who and when.
    /// </summary>
    public DateTime? DraftSavedAt { get; init; }
    public string? DraftSavedBy { get; init; }

    /// <summary>
    /// The draft's entity tag (the <c>ETag</c> of <c>GET /api/admin/updates/{id}</c>): a hash of what a <c>PATCH</c> can change.
    /// A save that names the tag it read (<c>If-Match</c>) is refused when the draft's content has changed since, so two
    /// coordinators (or two tabs) never save over each other's text unseen; a schedule or a send does not change it.
    /// </summary>
    public string DraftTag()
    {
        var content = JsonSerializer.SerializeToUtf8Bytes(new DraftContent(Title, Body, ImageUrl, ImageAlt, Links, Audience, Urgent, SeriesId));
        return Convert.ToHexStringLower(SHA256.HashData(content))[..20];
    }

    sealed record DraftContent(string Title, string Body, string? ImageUrl, string? ImageAlt, List<UpdateLink> Links, Audience Audience, bool Urgent, string? SeriesId);

    /// <summary>The outbox campaign of this update's deliveries.</summary>
    public string Campaign => "update:" + Id;

    /// <summary>The outbox campaign of one correction's edits: one per revision, so a newer one can stop an older one.</summary>
    public static string CorrectionCampaign(string id, int revision) => $"update-edit:{id}:{revision}";

    /// <summary>The outbox campaign of the deletions when the update is recalled.</summary>
    public string RecallCampaign => "update-recall:" + Id;
}

/// <summary>
/// An audience's reach as counted when an update was queued: its report shows these, and a 100,000-person audience is not
/// resolved again (a read of every tutor) each time the overview is looked at.
/// </summary>
public sealed record ReachCounts
{
    public int Matched { get; init; }
    public int OptedOut { get; init; }
    public int NotInChat { get; init; }
    /// <summary>"Not in chat" by why, as <see cref="AudienceReach.NotReached"/>.</summary>
    public Dictionary<string, int> NotReached { get; init; } = [];

    public static ReachCounts Of(AudienceReach reach) => new()
    {
        Matched = reach.Matched, OptedOut = reach.OptedOut, NotInChat = reach.NotInChat, NotReached = new(reach.NotReached, StringComparer.Ordinal),
    };

    public static ReachCounts Of(AudienceCounts counts) => new()
    {
        Matched = counts.Matched, OptedOut = counts.OptedOut, NotInChat = counts.NotInChat, NotReached = new(counts.NotReached, StringComparer.Ordinal),
    };
}

public enum Reaction
{
    Helpful,
    NotHelpful,
}

/// <summary>One person's reaction to one update; the id is <c>{updateId}:{personId}</c>, so it is recorded once and can change.</summary>
public sealed record UpdateReaction
{
    public string Id { get; init; } = "";
    public string UpdateId { get; init; } = "";
    public string PersonId { get; init; } = "";
    public Reaction Reaction { get; init; }
    public DateTime At { get; init; }

    public static string IdFor(string updateId, string personId) => $"{updateId}:{personId}";
}
