namespace HitBot.Core.Messaging.Outbox;

public enum DeliveryState
{
    Queued,
    Sending,
    Sent,
    Failed,
    Dead,
    /// <summary>Stopped by the central team before it was sent; never sent, never retried.</summary>
    Cancelled,
    /// <summary>Over the person's message budget: never sent by itself, folded into a digest instead (see MessageBudget).</summary>
    Held,
}

public enum DeliveryKind
{
    Send,
    Update,
    /// <summary>Takes a sent message back out of the chat (an update recalled by the central team).</summary>
    Delete,
}

/// <summary>One outbound message to one person, stored before it is sent (the outbox row).</summary>
/// <remarks>
/// <see cref="Id"/> is the idempotency key (campaign + occurrence + person) and the row's primary key: queueing the
/// same thing twice keeps one row, and the outbox needs no second unique index to know it.
/// <see cref="DueAt"/> is when the dispatcher should next try; rows that are finished (Sent, Dead) carry
/// <see cref="NotDue"/> so one index answers "what is due now".
/// </remarks>
public sealed record Delivery
{
    public static readonly DateTime NotDue = DateTime.MaxValue;

    /// <summary>The idempotency key, e.g. <c>update:w12:{personId}</c>.</summary>
    public string Id { get; init; } = "";
    public string Campaign { get; init; } = "";
    public string? PersonId { get; init; }
    public ChannelAddress Address { get; init; } = new();
    public DeliveryKind Kind { get; init; }
    /// <summary>The message, in the row: the shape for a message only this row sends (a reply, a reminder, a digest).</summary>
    /// <remarks>When both are set (a row rewritten with its own message), this one wins over <see cref="MessageId"/>.</remarks>
    public string MessageJson { get; init; } = "";
    /// <summary>
    /// A message many rows send (an update, a survey opening, a correction), stored once beside the outbox
    /// (<see cref="SharedMessage"/>). Rows written before schema 7 have none and carry their message in <see cref="MessageJson"/>.
    /// </summary>
    public string? MessageId { get; init; }
    /// <summary>
    /// For a reply to someone who wrote in a thread (Slack's <c>thread_ts</c>, the thread's first message): the answer goes
    /// into that thread, not the conversation below it. Null for everything else, and then not stored.
    /// </summary>
    public string? ThreadId { get; init; }
    /// <summary>For updates: the conversation and message being replaced.</summary>
    public string? TargetConversationId { get; init; }
    public string? TargetMessageId { get; init; }
    /// <summary>
    /// For a correction or a recall: the send whose message this row changes. Its platform ids are looked up when this
    /// row is sent, so a follow-up queued while the send was still on its way waits for it instead of missing it.
    /// </summary>
    public string? FollowsDeliveryId { get; init; }

    public DeliveryState State { get; init; }
    public int Attempts { get; init; }
    public DateTime DueAt { get; init; }
    public string? LastError { get; init; }
    /// <summary>The last failure as one of <see cref="FailureClasses"/> (null while nothing failed).</summary>
    public string? FailureClass { get; init; }
    public string? SentConversationId { get; init; }
    public string? SentMessageId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? SentAt { get; init; }
    /// <summary>The message is erased once sent (an anonymous survey's answers must not stay next to the address).</summary>
    public bool Private { get; init; }
    /// <summary>Counts against the person's weekly message budget (updates, survey reminders, thank-yous; not urgent ones).</summary>
    public bool Budgeted { get; init; }
    /// <summary>Set when the budget moved this message later (or held it for a digest): the time it was moved to.</summary>
    public DateTime? HeldUntil { get; init; }
    /// <summary>For a digest: the ids of the held deliveries it lists.</summary>
    public List<string>? Folds { get; init; }
    /// <summary>
    /// True for a row no report reads (a reply in a conversation, a card refreshed after a click): its campaign's counts
    /// are not kept (<see cref="DeliveryCountStore"/>), which spares every Teams and Slack request a write. Null otherwise,
    /// and then not stored.
    /// </summary>
    public bool? Unreported { get; init; }
    /// <summary>
    /// The people whose names its message shows, read from the directory when it was composed (Directory.NamedPeople):
    /// refused at insert and at claim once one of them is erased, however long ago the names were read. Null when it names nobody.
    /// </summary>
    public List<string>? Names { get; init; }
    /// <summary>For a card that reminds its owner of several action items at once: their ids (each item's page lists it).</summary>
    public List<string>? Items { get; init; }
    /// <summary>
    /// Of <see cref="Items"/>, those the card told their owner are new for them (each item's page lists it as such, not as a
    /// reminder). Null when it told of none, and for cards written before it was kept.
    /// </summary>
    public List<string>? NewItems { get; init; }
    /// <summary>
    /// For a card a reader gets because of the post they hold (a site's at-risk list for its champion, written by Directory as
    /// <c>site-champion@lincoln</c>): one that waited for their morning goes only if they still hold it (<see cref="IReachHook.NoLongerHolds"/>).
    /// Opaque to the outbox. Null for everything else.
    /// </summary>
    public string? ReaderPost { get; init; }

    public static Delivery Send(string key, string campaign, string? personId, ChannelAddress to, Message message, DateTimeOffset now) => new()
    {
        Id = KeyFor(key),
        Campaign = campaign,
        PersonId = personId,
        Address = to,
        Kind = DeliveryKind.Send,
        MessageJson = Messaging.MessageJson.Serialize(message),
        State = DeliveryState.Queued,
        DueAt = now.UtcDateTime,
        CreatedAt = now.UtcDateTime,
    };

    public static Delivery Update(string key, string campaign, string? personId, ChannelAddress to,
        string conversationId, string messageId, Message message, DateTimeOffset now) =>
        Send(key, campaign, personId, to, message, now) with
        {
            Kind = DeliveryKind.Update,
            TargetConversationId = conversationId,
            TargetMessageId = messageId,
        };

    /// <summary>A follow-up to a send: replaces its message (<see cref="DeliveryKind.Update"/>) or deletes it (<see cref="DeliveryKind.Delete"/>).</summary>
    public static Delivery FollowUp(string key, string campaign, Delivery original, DeliveryKind kind, Message? message, DateTimeOffset now) =>
        Send(key, campaign, original.PersonId, original.Address, message ?? Message.Text(""), now) with
        {
            Kind = kind,
            MessageJson = message is null ? "" : Messaging.MessageJson.Serialize(message),
            MessageId = null,
            FollowsDeliveryId = original.Id,
            TargetConversationId = original.State == DeliveryState.Sent ? original.SentConversationId : null,
            TargetMessageId = original.State == DeliveryState.Sent ? original.SentMessageId : null,
        };

    /// <summary>This row declaring the people its message names (<see cref="Names"/>); unchanged when <paramref name="personIds"/> is null.</summary>
    public Delivery Naming(List<string>? personIds) => personIds is null ? this : this with { Names = personIds };

    /// <summary>This row sent to its reader for <paramref name="post"/> (<see cref="ReaderPost"/>).</summary>
    public Delivery ForPost(string post) => this with { ReaderPost = post };

    /// <summary>This row with its own message in place of whatever it sent before (a card rewritten before it went out).</summary>
    public Delivery WithMessage(Message message) => this with { MessageJson = Messaging.MessageJson.Serialize(message), MessageId = null };

    /// <summary>Whether this row sends <paramref name="message"/>, held in the row or shared (the row's own wins, as when sending).</summary>
    public bool Sends(SharedMessageKey message) => MessageJson.Length > 0 ? MessageJson == message.Json : MessageId == message.Id;

    /// <summary>
    /// LiteDB refuses index keys over 1,023 bytes; a longer key (a platform id we do not control inside it) keeps
    /// its readable start and ends in a hash of the whole, so it stays unique and deterministic.
    /// </summary>
    public static string KeyFor(string key)
    {
        const int MaxBytes = 512;
        if (System.Text.Encoding.UTF8.GetByteCount(key) <= MaxBytes) return key;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));
        return $"{key[..200]}#{hash}";
    }
}
