using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>
/// The non-responders of the last few runs asked about, in page order, each with the counters it was worked out under:
/// the roster's, the responses' and its campaign's (<see cref="Messaging.Outbox.OutboxStore.PeopleOfVersion"/>). A page
/// request whose counters match is served from here; any other reads the run again.
/// </summary>
/// <remarks>
/// Sorting a 100,000-person run's non-responders read every one's name and site at every page (hundreds of ms); kept, a
/// page reads its own people only. At most <see cref="Runs"/> runs are kept (a run of 100,000 is about 10 MB), the one
/// asked about longest ago dropped first: the dashboard pages through one run at a time.
/// </remarks>
sealed class NonResponderOrder
{
    public const int Runs = 4;

    public sealed record Seen(long People, long Responses, (long Rewrites, int Rows) Invitations);

    /// <summary>How many the run invited, and those of them who have not answered, by site, then name, then id.</summary>
    public sealed record Sorted(int Invited, List<PersonLabel> NotAnswered);

    readonly Lock gate = new();
    readonly List<(string Run, Seen Seen, Sorted Order)> kept = [];

    public Sorted? Find(string run, Seen seen)
    {
        lock (gate)
        {
            var at = kept.FindIndex(k => k.Run == run);
            if (at < 0) return null;
            var found = kept[at];
            if (found.Seen != seen) return null;
            kept.RemoveAt(at);
            kept.Add(found);
            return found.Order;
        }
    }

    public Sorted Keep(string run, Seen seen, Sorted order)
    {
        lock (gate)
        {
            kept.RemoveAll(k => k.Run == run);
            if (kept.Count >= Runs) kept.RemoveAt(0);
            kept.Add((run, seen, order));
            return order;
        }
    }
}
