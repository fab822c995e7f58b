using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>How many people gave each reaction to one update; the id is the update's.</summary>
public sealed record ReactionCounts
{
    public string Id { get; init; } = "";
    /// <summary>By reaction name (<see cref="Reaction"/>): a reaction added later needs no new field.</summary>
    public Dictionary<string, int> Counts { get; init; } = [];
}

/// <summary>
/// The reaction counts of each update, kept beside the reactions and changed in the transaction that changes a reaction,
/// so a report reads one document per update. Counting the rows instead read every reaction of the update at each look:
/// the overview reports several updates, each of which 100,000 tutors may have reacted to.
/// </summary>
sealed class ReactionCountStore(HitBotDb db)
{
    public const string Collection = "update_reaction_counts";

    ILiteCollection<ReactionCounts> Kept => db.Collection<ReactionCounts>(Collection);

    public Dictionary<Reaction, int> Of(string updateId)
    {
        var kept = Kept.FindById(updateId)?.Counts;
        return Enum.GetValues<Reaction>().ToDictionary(r => r, r => kept?.GetValueOrDefault(r.ToString()) ?? 0);
    }

    /// <summary>One person's reaction went from <paramref name="from"/> to <paramref name="to"/> (null: none). Call inside the change's transaction.</summary>
    public bool Change(string updateId, Reaction? from, Reaction? to)
    {
        var counts = Kept.FindById(updateId)?.Counts ?? [];
        if (from is { } old) counts[old.ToString()] = Math.Max(0, counts.GetValueOrDefault(old.ToString()) - 1);
        if (to is { } now) counts[now.ToString()] = counts.GetValueOrDefault(now.ToString()) + 1;
        Kept.Upsert(new ReactionCounts { Id = updateId, Counts = counts });
        return true;
    }

    /// <summary>Schema 20: the counts of a file written before they were kept, from its reactions' update and reaction fields only.</summary>
    public static void CountExisting(LiteDatabase file)
    {
        var counts = file.GetCollection(UpdateStore.Reactions).Query().Select(UpdateAndReaction).ToDocuments()
            .Where(row => row["UpdateId"].IsString && row["Reaction"].IsString)
            .GroupBy(row => row["UpdateId"].AsString, StringComparer.Ordinal)
            .Select(update => new ReactionCounts
            {
                Id = update.Key,
                Counts = update.GroupBy(row => row["Reaction"].AsString, StringComparer.Ordinal).ToDictionary(r => r.Key, r => r.Count(), StringComparer.Ordinal),
            })
            .ToList();
        var kept = file.GetCollection<ReactionCounts>(Collection);
        kept.DeleteAll();
        kept.InsertBulk(counts);
    }

    static readonly BsonExpression UpdateAndReaction = BsonExpression.Create("{ UpdateId: $.UpdateId, Reaction: $.Reaction }");
}
