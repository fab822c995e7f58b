using HitBot.Core.Storage;

namespace HitBot.Core.Directory;

/// <summary>
/// How many people are in each reach state (<see cref="ReachStates"/>, all of them, in that order): the People page's
/// summary and <c>GET /api/admin/reach</c>'s counts. Kept until the directory changes, as <see cref="AudienceResolver.Count"/>
/// is: counting reads every person (100,000 in a big district), and the People page asks each time it opens.
/// </summary>
public sealed class ReachTally(DirectoryStore directory)
{
    readonly KeptUntilChanged<IReadOnlyDictionary<string, int>> kept = new(capacity: 1);

    public IReadOnlyDictionary<string, int> Counts() => kept.Get("", () => directory.PeopleChanges, () =>
    {
        var counts = ReachStates.All.ToDictionary(state => state, _ => 0, StringComparer.Ordinal);
        // A chunk at a time and in no order: never the directory whole and sorted. (Reading only the fields a state
        // depends on saved 15 % of the allocations and no time: LiteDB reads the whole person either way.)
        foreach (var person in directory.Everyone()) counts[PersonReach.Of(person).State]++;
        return counts;
    });
}
