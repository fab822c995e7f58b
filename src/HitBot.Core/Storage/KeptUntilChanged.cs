namespace HitBot.Core.Storage;

/// <summary>
/// A few answers that are costly to work out (they read a whole audience, roster or run), each kept with the change
/// counters it was worked out under (<see cref="CollectionChanges"/>; any value with equality, e.g. a record of several),
/// and worked out again once they have moved.
/// </summary>
/// <remarks>
/// The counters are read before the answer is worked out, so a change made while it is worked out leaves the kept answer
/// out of date, never wrong. At <paramref name="capacity"/> answers the next new one starts the set afresh: the keys in
/// use are few (the audiences being typed or sent, the run being paged through), and a forgotten answer only costs
/// working it out again.
/// </remarks>
public sealed class KeptUntilChanged<T>(int capacity)
{
    readonly Dictionary<string, (object Seen, T Value)> kept = new(StringComparer.Ordinal);

    public T Get<TSeen>(string key, Func<TSeen> counters, Func<T> workOut) where TSeen : notnull
    {
        var seen = counters();
        lock (kept)
            if (kept.TryGetValue(key, out var answer) && answer.Seen.Equals(seen)) return answer.Value;
        var value = workOut();
        lock (kept)
        {
            if (kept.Count >= capacity && !kept.ContainsKey(key)) kept.Clear();
            kept[key] = (seen, value);
        }
        return value;
    }
}
