using HitBot.Core.Storage;

namespace HitBot.Core.Tests.Architecture;

/// <summary>
/// The seams of docs/architecture.md, checked on the compiled HitBot.Core.dll (method bodies included).
/// </summary>
/// <remarks>
/// How to see them fail: put <c>GC.KeepAlive(typeof(HitBot.Core.Feedback.FeedbackStore));</c> in
/// <c>UpdateStore.Save</c> (src/HitBot.Core/Updates/UpdateStore.cs) and run
/// <c>dotnet test --project tests/HitBot.Core.Tests -- --filter-class "*ArchitectureTests"</c>: the store rule fails with
/// "new: Updates reads Feedback's store: UpdateStore → FeedbackStore". Put <c>GC.KeepAlive(typeof(HitBot.Core.Updates.Update));</c>
/// in <c>HeldSendStore</c> (Calendar) and the loop rule fails naming "Calendar → Updates (HeldSendStore → Update)" and the
/// edges back from Updates to Calendar. A <c>typeof</c> thrown away with
/// <c>_ =</c> does not count: the compiler drops it, so nothing is used.
/// </remarks>
public sealed class ArchitectureTests
{
    static readonly Lazy<IReadOnlySet<TypeUse>> CoreUses = new(() => TypeUses.Of(typeof(HitBotDb).Assembly.Location));

    /// <summary>Direct store reads across features that exist today and are being replaced by services (issue 19); may only shrink.</summary>
    static readonly string[] StoreReadsStillToReplace =
    [
        "ActionPlan reads Calendar's store: ReminderHolds → HeldSendStore",
        "ActionPlan reads Directory's store: ActionItemChanges → DirectoryStore",
        "ActionPlan reads Directory's store: ActionReminders → DirectoryStore",
        "ActionPlan reads Directory's store: AssignmentImport → DirectoryStore",
        "Feedback reads Directory's store: FeedbackRoutes → DirectoryStore",
        "Feedback reads Updates's store: FeedbackRoutes → UpdateStore",
        "Surveys reads Calendar's store: SurveyHolds → HeldSendStore",
        "Surveys reads Directory's store: EarlyCheckIns → DirectoryStore",
        "Surveys reads Directory's store: NonResponders → DirectoryStore",
        "Surveys reads Directory's store: RunCloseMessages → DirectoryStore",
        "Surveys reads Directory's store: SiteResults → DirectoryStore",
        "Surveys reads Directory's store: SurveyCsv → DirectoryStore",
        "Surveys reads Directory's store: SurveyResults → DirectoryStore",
        "Surveys reads Directory's store: SurveyRoutes → DirectoryStore",
        "Updates reads Calendar's store: SeriesRunner → HeldSendStore",
        "Updates reads Calendar's store: UpdateHolds → HeldSendStore",
        "Updates reads Directory's store: DeliveryReportCsv → DirectoryStore",
        "Updates reads Directory's store: SeriesRunner → DirectoryStore",
        "Updates reads Directory's store: SiteUpdates → DirectoryStore",
        "Updates reads Directory's store: UpdateComposeRoutes → DirectoryStore",
        "Updates reads Directory's store: UpdatePosting → DirectoryStore",
    ];

    [Fact]
    public void Core_uses_no_web_server_Teams_or_Slack_type()
    {
        Assert.Empty(ArchitectureRules.ForbiddenUses(CoreUses.Value).Select(u => u.ToString()));
        var references = typeof(HitBotDb).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, r => ArchitectureRules.Forbidden.Any(f => r == f || r.StartsWith(f + ".", StringComparison.Ordinal)) || r == "HitBot");
    }

    /// <summary>Every namespace is a part (Messaging.Routing is one of its own); none may reach back to a part that uses it.</summary>
    [Fact]
    public void No_loop_between_Cores_parts() => Assert.Empty(ArchitectureRules.NamespaceLoops(CoreUses.Value));

    [Fact]
    public void No_feature_reads_another_features_store()
    {
        var reads = ArchitectureRules.StoreReadsAcrossFeatures(CoreUses.Value).ToList();
        AssertOnlyListed(StoreReadsStillToReplace, reads, "store reads across features", reads);
    }

    /// <summary>Fails naming what is new (a seam broken) and what is gone (fixed: take it off the list so it cannot come back).</summary>
    static void AssertOnlyListed(IEnumerable<string> listed, IEnumerable<string> found, string what, IEnumerable<string> details)
    {
        var added = found.Except(listed).Distinct().Order(StringComparer.Ordinal).ToList();
        var gone = listed.Except(found).Order(StringComparer.Ordinal).ToList();
        if (added.Count == 0 && gone.Count == 0) return;
        Assert.Fail(string.Join(Environment.NewLine, [
            $"The {what} changed.",
            .. added.Select(a => $"new: {a}"),
            .. gone.Select(g => $"gone (fixed — remove it from the list in ArchitectureTests): {g}"),
            "all found now:",
            .. details.Select(d => $"  {d}"),
        ]));
    }
}
