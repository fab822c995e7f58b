namespace HitBot.Core.ActionPlan;

/// <summary>
/// What another part adds to the central team's weekly digest, after the plan's own sections: declared here and
/// answered above or beside ActionPlan (Feedback's waiting items), so the digest stays one card a week without
/// ActionPlan knowing the parts that fill it.
/// </summary>
public interface IDigestSection
{
    /// <summary>The section as of now; <paramref name="since"/> is when the last digest went (UTC). Null adds nothing.</summary>
    DigestSection? Since(DateTime since);
}

/// <summary>A titled section of the digest: its count goes in the title, as the plan's sections show theirs.</summary>
public sealed record DigestSection(string Title, int Count, IReadOnlyList<string> Lines);
