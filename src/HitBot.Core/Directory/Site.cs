namespace HitBot.Core.Directory;

/// <summary>A school where tutoring happens. <see cref="Id"/> is a slug of the name as the roster spells it.</summary>
public sealed record Site
{
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
