using HitBot.Core.Loops;
using System.Collections.Concurrent;
using System.Globalization;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// A stand-in feature for the Slack inbox tests: <c>slack-count.click</c> counts how often each click (its data "n") is
/// handled. While <see cref="Hold"/> is on, the handler waits at a gate, which keeps the inbox worker busy on one item.
/// </summary>
public sealed class ClickCounter() : ProgressSignal("click counter"), IInteractionRoutes, IDisposable
{
    public const string Verb = "slack-count.click";
    readonly ConcurrentDictionary<string, int> counts = new(StringComparer.Ordinal);
    readonly ManualResetEventSlim gate = new(initialState: true);

    public IReadOnlyDictionary<string, int> Counts => counts;

    /// <summary>Clicks that reached the handler, held at the gate or not.</summary>
    public int Entered => Volatile.Read(ref entered);
    int entered;

    public void Hold() => gate.Reset();

    public void Release() => gate.Set();

    public void Register(InteractionRouter router) => router.MapVerb(Verb, i =>
    {
        Interlocked.Increment(ref entered);
        Announce();
        // A guard, not a pause: a test that forgets to release fails here instead of hanging.
        if (!gate.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("The click counter was held for 30 seconds.");
        counts.AddOrUpdate(i.Data.GetValueOrDefault("n", "?"), 1, (_, n) => n + 1);
        Announce();
        return InteractionResult.Nothing;
    }, allowUnknownPeople: true);

    /// <summary>The Slack user who clicks; unknown to HitBot unless a test links them.</summary>
    public const string User = "U1CLICK";

    public static HttpRequestMessage Click(int n, DateTimeOffset at) => SlackRequests.Interaction(
        SlackRequests.ButtonClick(User, Verb, $$"""{"n":"{{Id(n)}}"}""", actionTs: "1700000300." + n.ToString("D6", CultureInfo.InvariantCulture)), at);

    public static string Id(int n) => n.ToString(CultureInfo.InvariantCulture);

    public void Dispose()
    {
        gate.Set();
        gate.Dispose();
    }
}
