using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>One row of a campaign as a loop over many people needs it: its key, its state as shown and when it is due.</summary>
public sealed record DeliveryKey(string Id, DeliveryState State, DateTime DueAt);

public sealed partial class OutboxStore
{
    /// <summary>
    /// A campaign's rows by key, with their state (as shown: a claimed row is Sending) and due time only, read once through
    /// the Campaign index without their messages: a loop over 100,000 people asks this instead of looking up a key each.
    /// </summary>
    public Dictionary<string, DeliveryKey> KeysOf(string campaign) =>
        CampaignFields(campaign, KeyStateAndDue)
            .Select(row => new DeliveryKey(row["_id"].AsString, claims.Shown(row["_id"].AsString, Enum.Parse<DeliveryState>(row["State"].AsString)), row["DueAt"].AsDateTime))
            .ToDictionary(key => key.Id, StringComparer.Ordinal);

    /// <summary>
    /// The people a campaign's rows are for, each once (rows of an erased person name nobody and are left out, as do rows
    /// cancelled before they went out: a survey that closed while an invitation waited never asked that person): the
    /// Campaign index and each row's PersonId and state only, never its message, so a survey run's 100,000 invitations
    /// cost no cards.
    /// </summary>
    public HashSet<string> PeopleOf(string campaign) =>
        [.. CampaignFields(campaign, PersonAndState)
            .Where(row => row["State"].AsString != nameof(DeliveryState.Cancelled))
            .Select(row => row["PersonId"]).Where(id => id.IsString).Select(id => id.AsString)];

    /// <summary>
    /// How many people <see cref="PeopleOf"/> would list, counted no further than <paramref name="upTo"/>: the reading
    /// stops there, so asking whether a 100,000-person update reached at least five people reads a few rows, not all.
    /// </summary>
    public int CountPeopleOf(string campaign, int upTo)
    {
        var people = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in CampaignFields(campaign, PersonAndState))
        {
            if (people.Count >= upTo) break;
            if (row["State"].AsString != nameof(DeliveryState.Cancelled) && row["PersonId"] is { IsString: true } id) people.Add(id.AsString);
        }
        return people.Count;
    }

    /// <summary>
    /// Moves whenever <see cref="PeopleOf"/> may answer differently for <paramref name="campaign"/>: a row added to the
    /// campaign moves its kept counts (written in the row's transaction), and a row deleted or rewritten (retention, erasure,
    /// a cancel) moves the outbox's rewrites counter. The dispatcher's sends move neither, so a list kept about a campaign's
    /// people outlives the traffic of every other campaign. Read it before <see cref="PeopleOf"/>.
    /// </summary>
    public (long Rewrites, int Rows) PeopleOfVersion(string campaign) =>
        (db.Changes.RewritesOf(Collection), counts.Of(campaign).Values.Sum());

    static readonly BsonExpression PersonAndState = BsonExpression.Create("{ PersonId: $.PersonId, State: $.State }");

    /// <summary>A few fields of each of a campaign's rows, read through the Campaign index without the rows' messages.</summary>
    IEnumerable<BsonDocument> CampaignFields(string campaign, BsonExpression fields) => CampaignQuery(campaign).Select(fields).ToDocuments();

    internal ILiteQueryable<BsonDocument> CampaignQuery(string campaign) =>
        db.Collection<BsonDocument>(Collection).Query().Where(BsonExpression.Create("Campaign = @0", new BsonValue(campaign)));

    static readonly BsonExpression KeyStateAndDue = BsonExpression.Create("{ _id: $._id, State: $.State, DueAt: $.DueAt }");

    /// <summary>The keys of a campaign's rows queued after <paramref name="since"/>, with when each was queued (the Campaign index, no messages).</summary>
    public Dictionary<string, DateTime> QueuedAfter(string campaign, DateTime since) =>
        db.Collection<BsonDocument>(Collection).Query()
            .Where(BsonExpression.Create("Campaign = @0 AND CreatedAt > @1", new BsonValue(campaign), new BsonValue(since)))
            .Select(KeyAndCreated).ToDocuments()
            .ToDictionary(row => row["_id"].AsString, row => row["CreatedAt"].AsDateTime, StringComparer.Ordinal);

    static readonly BsonExpression KeyAndCreated = BsonExpression.Create("{ _id: $._id, CreatedAt: $.CreatedAt }");
}
