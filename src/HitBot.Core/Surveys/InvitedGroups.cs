namespace HitBot.Core.Surveys;

/// <summary>How many people a closed run asked at each site and in each partner's cohort (slugs), kept on the run.</summary>
public sealed record InvitedGroups
{
    public Dictionary<string, int> Sites { get; init; } = new(StringComparer.Ordinal);
    public Dictionary<string, int> Partners { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The count of one slice: 0 when the run asked nobody there.</summary>
    public int Of(Slice slice) => (slice.IsPartner ? Partners : Sites).GetValueOrDefault(slice.Slug);
}
