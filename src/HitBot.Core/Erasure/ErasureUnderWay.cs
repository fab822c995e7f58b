namespace HitBot.Core.Erasure;

/// <summary>
/// A person's erasure begun and not finished: written with the deletion of their directory entry and deleted last. It
/// keeps their name and e-mail, which the rest of the erasure searches for, only until then (README, erasure).
/// </summary>
public sealed record ErasureUnderWay
{
    /// <summary>The person's id.</summary>
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    /// <summary>What the first step removed, for the report: the entry's chat addresses and the tokens revoked.</summary>
    public int ChatAddresses { get; init; }
    public int Tokens { get; init; }
    public DateTime StartedAt { get; init; }
}
