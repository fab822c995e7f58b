namespace HitBot.Core.Directory;

/// <summary>A school where tutoring happens. <see cref="Id"/> is a slug of the name as the roster spells it.</summary>
public sealed record Site
{
    /// <summary>
    /// The longest site or partner name the roster and the people edits take. A university's full name reaches about 90;
    /// the id (the name's slug, never longer) is the option value of Slack's audience pickers, which Slack caps at 150,
    /// and the option text (75) shows the name's start with "…". A pasted paragraph would fill every card that names it.
    /// </summary>
    public const int MaxNameLength = 100;

    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
}

/// <summary>A pipeline partner that recruits tutors (a university, a provider, a community group).</summary>
public sealed record Partner
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
}

public static class Slug
{
    public static string Of(string name) =>
        string.Join('-', new string(name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray())
            .Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
