namespace HitBot.Core.Tests.Architecture;

/// <summary>
/// The seams architecture.md draws, as checks over <see cref="TypeUse"/>s. Pure functions, so the rules themselves are
/// tested on made-up uses (<c>ArchitectureRulesTests</c>) as well as run on the real assembly (<c>ArchitectureTests</c>).
/// </summary>
public static class ArchitectureRules
{
    public const string Core = "HitBot.Core";

    /// <summary>
    /// The features: each keeps its documents behind its own store and offers services to the others. A feature's
    /// sub-namespaces (Directory.Chat) belong to it: they may read its store, and count as it when they read another's.
    /// </summary>
    public static readonly IReadOnlySet<string> Features = new[] { "ActionPlan", "Calendar", "Directory", "Feedback", "Surveys", "Updates" }
        .Select(f => $"{Core}.{f}").ToHashSet();

    /// <summary>The feature a namespace belongs to ("HitBot.Core.Directory.Chat" → "HitBot.Core.Directory"), or null outside the features.</summary>
    public static string? FeatureOf(string ns) =>
        Features.FirstOrDefault(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal));

    /// <summary>
    /// The namespaces (or assembly names) a program without a web server, Teams or Slack must never reach: ASP.NET Core,
    /// and every HitBot namespace outside Core: the Teams and Slack projects' and all of the host's (HitBot.Admin,
    /// HitBot.Features.*, HitBot.Channels, HitBot.Dashboard, ...), so a folder the host adds later is covered as well.
    /// </summary>
    public static bool IsForbidden(string name) =>
        Within(name, "Microsoft.AspNetCore") || (Within(name, "HitBot") && !Within(name, Core));

    /// <summary>Uses of ASP.NET Core, Teams, Slack or host types.</summary>
    public static IEnumerable<TypeUse> ForbiddenUses(IEnumerable<TypeUse> uses) => uses.Where(u => IsForbidden(u.ToNamespace));

    /// <summary>"Updates reads Feedback's store: UpdateSender → FeedbackStore" — a feature using another feature's store directly.</summary>
    public static IEnumerable<string> StoreReadsAcrossFeatures(IEnumerable<TypeUse> uses) =>
        uses.Select(u => (Use: u, From: FeatureOf(u.FromNamespace), To: FeatureOf(u.ToNamespace)))
            .Where(r => r.From is not null && r.To is not null && r.From != r.To && ShortName(r.Use.To).EndsWith("Store", StringComparison.Ordinal))
            .Select(r => $"{Part(r.From!)} reads {Part(r.To!)}'s store: {ShortName(r.Use.From)} → {ShortName(r.Use.To)}")
            .Distinct()
            .Order(StringComparer.Ordinal);

    /// <summary>
    /// Every namespace dependency "A → B" of Core that lies on a loop (A reaches B and B reaches A), with one use that
    /// makes it, e.g. "Messaging → Directory (Dispatcher → PeopleDirectory)". Loops are what stop a part being read,
    /// tested or changed on its own.
    /// </summary>
    public static IEnumerable<string> NamespaceLoops(IEnumerable<TypeUse> uses)
    {
        var inCore = uses.Where(u => InCore(u.FromNamespace) && InCore(u.ToNamespace) && u.FromNamespace != u.ToNamespace).ToList();
        var edges = inCore.GroupBy(u => (u.FromNamespace, u.ToNamespace))
            .ToDictionary(g => g.Key, g => g.OrderBy(u => u.From, StringComparer.Ordinal).ThenBy(u => u.To, StringComparer.Ordinal).First());
        var next = edges.Keys.ToLookup(e => e.FromNamespace, e => e.ToNamespace);
        return edges
            .Where(e => Reaches(next, e.Key.ToNamespace, e.Key.FromNamespace))
            .Select(e => $"{Part(e.Key.FromNamespace)} → {Part(e.Key.ToNamespace)} ({ShortName(e.Value.From)} → {ShortName(e.Value.To)})")
            .Order(StringComparer.Ordinal);
    }

    /// <summary>A loop entry without its example: "Messaging → Directory".</summary>
    public static string Edge(string loop) => loop[..loop.IndexOf(" (", StringComparison.Ordinal)];

    static bool Reaches(ILookup<string, string> next, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var at))
        {
            if (at == to) return true;
            foreach (var n in next[at])
                if (seen.Add(n)) queue.Enqueue(n);
        }
        return false;
    }

    static bool InCore(string ns) => Within(ns, Core);

    static bool Within(string name, string root) => name == root || name.StartsWith(root + ".", StringComparison.Ordinal);

    /// <summary>"HitBot.Core.Directory" → "Directory"; Core's root namespace shows as "Core".</summary>
    static string Part(string ns) => ns == Core ? "Core" : ns[(Core.Length + 1)..];

    static string ShortName(string fullName) => fullName[(fullName.LastIndexOf('.') + 1)..];
}
