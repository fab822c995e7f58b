using LiteDB;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>A person's rows, for their data export ("what does HitBot hold about me?").</summary>
public sealed partial class OutboxStore
{
    /// <summary>
    /// The rows addressed to this person (by their id, or to one of their chats, <paramref name="chatKeys"/>, without a person:
    /// an answer to something they wrote before they were linked), and the rows to others whose message declares it names
    /// them (<see cref="Delivery.Names"/>: an at-risk list, an escalation), each as shown (a shared message in the row): what
    /// their erasure deletes or rewrites. Private rows are left out: they hold, or held, an anonymous answer or anonymous
    /// feedback next to the chat it came from.
    /// </summary>
    /// <remarks>
    /// No index finds a row by person (one would cost every queued row a write), so this reads the outbox in key order, a
    /// chunk per query and only the fields needed, as the erasure does: seconds for a million rows, on request only.
    /// </remarks>
    public (List<Delivery> To, List<Delivery> Naming) AboutPerson(string personId, IReadOnlyCollection<string> chatKeys)
    {
        var chats = chatKeys.ToHashSet(StringComparer.Ordinal);
        var to = new List<string>();
        var naming = new List<string>();
        foreach (var chunk in RowsInKeyOrder(BsonValue.MinValue, PersonDataFields))
            foreach (var row in chunk)
            {
                if (row["Private"] == true) continue;
                if (row["PersonId"] == personId || row["PersonId"].IsNull && ChatKeyOf(row) is { } chat && chats.Contains(chat)) to.Add(row["_id"].AsString);
                else if (row["Names"].IsArray && row["Names"].AsArray.Any(n => n == personId)) naming.Add(row["_id"].AsString);
            }
        return (Shown(to), Shown(naming));
    }

    /// <summary>Each row read again (it may have gone or changed since the pass), private ones still left out.</summary>
    List<Delivery> Shown(List<string> ids) => [.. ids.Select(Find).OfType<Delivery>().Where(d => !d.Private)];

    static readonly BsonExpression PersonDataFields = BsonExpression.Create(
        "{ _id: $._id, PersonId: $.PersonId, Private: $.Private, Names: $.Names, Channel: $.Address.Channel, UserId: $.Address.UserId, TeamId: $.Address.TeamId }");
}
