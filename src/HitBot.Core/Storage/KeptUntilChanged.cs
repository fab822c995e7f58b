namespace HitBot.Core.Storage;

/// <summary>
/// A few answers that are costly to work out (they read a whole audience or roster), each kept with the change counter
/// it was worked out under (<see cref="CollectionChanges"/>), and worked out again once that counter has moved.
/// </summary>
/// <remarks>
/// The counter is read before the answer is worked out, so a change made while it is worked out leaves the kept answer
/// out of date, never wrong. At <paramref name="capacity"/> answers the next new one starts the set afresh: the keys are
/// few in use (the audiences being typed or sent), and a forgotten answer only costs working it out again.
/// </remarks>
public sealed class KeptUntilChanged<T>(int capacity)
{
    readonly Dictionary<string, (long Seen, T Value)> kept = new(StringComparer.Ordinal);

    public T Get(string key, Func<long> counter, Func<T> workOut)
    {
        var seen = counter();
        lock (kept)
            if (kept.TryGetValue(key, out var answer) && answer.Seen == seen) return answer.Value;
        var value = workOut();
        lock (kept)
        {
            if (kept.Count >= capacity && !kept.ContainsKey(key)) kept.Clear();
            kept[key] = (seen, value);
        }
        return value;
    }
}
