namespace HitBot.Core.Erasure;

/// <summary>
/// A person's erasure begun and not finished: written with the deletion of their directory entry and deleted last. It
/// keeps their name, e-mail and chat ids, which the rest of the erasure searches for, only until then (README, erasure).
/// </summary>
public sealed record ErasureUnderWay
{
    /// <summary>The person's id.</summary>
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    public string Email { get; init; } = "";
    /// <summary>The names they had before (<see cref="HitBot.Core.Directory.Person.FormerNames"/>), searched for as their name is.</summary>
    public List<string> FormerNames { get; init; } = [];
    /// <summary>
    /// The keys of their chat identities (<see cref="HitBot.Core.Messaging.ChannelAddress.PersonKey"/>), read from the entry
    /// this record is written with: the entry is gone once it is, and a resumed erasure still has to find their anonymous
    /// feedback's reply address and the rows addressed to that chat. Missing (empty) in a record an older HitBot wrote.
    /// </summary>
    public List<string> ChatKeys { get; init; } = [];
    /// <summary>What the first step removed, for the report: the entry's chat addresses and the tokens revoked.</summary>
    public int ChatAddresses { get; init; }
    public int Tokens { get; init; }
    public DateTime StartedAt { get; init; }
}
