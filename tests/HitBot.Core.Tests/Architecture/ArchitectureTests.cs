using HitBot.Core.Storage;

namespace HitBot.Core.Tests.Architecture;

/// <summary>
/// The seams of docs/architecture.md, checked on the compiled HitBot.Core.dll (method bodies included).
/// </summary>
/// <remarks>
/// How to see them fail: put <c>GC.KeepAlive(typeof(HitBot.Core.Feedback.FeedbackStore));</c> in
/// <c>UpdateStore.Save</c> (src/HitBot.Core/Updates/UpdateStore.cs) and run
/// <c>dotnet test --project tests/HitBot.Core.Tests -- --filter-class "*ArchitectureTests"</c>: the store rule fails naming
/// "Updates reads Feedback's store: UpdateStore → FeedbackStore". Put <c>GC.KeepAlive(typeof(HitBot.Core.Updates.Update));</c>
/// in <c>HeldSendStore</c> (Calendar) and the loop rule fails naming "Calendar → Updates (HeldSendStore → Update)" and the
/// edges back from Updates to Calendar. A <c>typeof</c> thrown away with
/// <c>_ =</c> does not count: the compiler drops it, so nothing is used.
/// </remarks>
public sealed class ArchitectureTests
{
    static readonly Lazy<IReadOnlySet<TypeUse>> CoreUses = new(() => TypeUses.Of(typeof(HitBotDb).Assembly.Location));

    [Fact]
    public void Core_uses_no_web_server_Teams_or_Slack_type()
    {
        Assert.Empty(ArchitectureRules.ForbiddenUses(CoreUses.Value).Select(u => u.ToString()));
        var references = typeof(HitBotDb).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, ArchitectureRules.IsForbidden);
    }

    /// <summary>Every namespace is a part (Messaging.Routing is one of its own); none may reach back to a part that uses it.</summary>
    [Fact]
    public void No_loop_between_Cores_parts() => Assert.Empty(ArchitectureRules.NamespaceLoops(CoreUses.Value));

    [Fact]
    public void No_feature_reads_another_features_store()
    {
        var reads = ArchitectureRules.StoreReadsAcrossFeatures(CoreUses.Value).ToList();

        if (reads.Count > 0)
            Assert.Fail(string.Join(Environment.NewLine, [
                "A feature uses another feature's store; call the owning feature's service instead, adding the read it needs there "
                + "(Directory: PeopleDirectory, AudienceResolver; Calendar: ProgramCalendar, PauseHolds; Updates: UpdateTitles):",
                .. reads.Select(r => $"  {r}"),
            ]));
    }
}
