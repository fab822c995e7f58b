
namespace HitBot.Core.Directory;

/// <summary>A change to one person from the admin API; fields left out stay as they are.</summary>
/// <remarks>
/// <see cref="Language"/>: a tag or a name (<see cref="LanguageTag"/>); <see cref="TimeZone"/>: an IANA id or a name
/// (<see cref="ZoneName"/>). An empty text clears either: the person's chat app may then fill it again.
/// </remarks>
public sealed record PersonEdit(string? Name, List<string>? Roles, string? Site, string? Partner, bool? Active, bool? OptedOut, string? Language = null,
    string? TimeZone = null);

/// <summary>Applies a <see cref="PersonEdit"/> whole or not at all: a bad field refuses the change and says which.</summary>
public sealed class PersonEdits(DirectoryStore store, TimeProvider time)
{
    const int MaxName = 200;

    /// <param name="by">Who makes the change, as the People page names them.</param>
    /// <param name="byPersonId">Their person id when they are on the roster (their own token), else null.</param>
    public (Person? Person, List<string> Problems) Apply(string id, PersonEdit edit, string by, string? byPersonId = null) =>
        store.Locked(() => ApplyUnlocked(id, edit, by, byPersonId));

    (Person? Person, List<string> Problems) ApplyUnlocked(string id, PersonEdit edit, string by, string? byPersonId)
    {
        var problems = new List<string>();
        if (edit.Name is { } name && (name.Trim().Length == 0 || name.Length > MaxName)) problems.Add($"name: 1 to {MaxName} characters.");
        foreach (var (field, value) in new[] { ("site", edit.Site), ("partner", edit.Partner) })
            if (value?.Trim() is { Length: > Site.MaxNameLength } tooLong)
                problems.Add($"{field}: at most {Site.MaxNameLength} characters (this one has {tooLong.Length}); write the name alone.");
            else if (value?.Trim() is { Length: > 0 } typed && Slug.Of(typed).Length == 0)
                problems.Add($"{field}: '{RosterImport.MaxShown(typed)}' has no letter or digit to name it by; write its name, or \"\" for none.");
        foreach (var (field, value) in new[] { ("name", edit.Name), ("site", edit.Site), ("partner", edit.Partner) })
            if (MarkdownText.LineBreakProblem(field, value) is { } broken) problems.Add(broken);
        var roles = new List<string>();
        foreach (var role in edit.Roles ?? [])
            // JSON can put a null in the list.
            if (role is null) problems.Add("roles: give role names only, not null.");
            else if (Directory.Roles.Parse(role) is { } known) roles.Add(known);
            else problems.Add($"roles: '{role}' is not a role of the program ({string.Join(", ", Directory.Roles.All)}).");
        if (edit.Roles is { Count: 0 }) problems.Add("roles: give at least one role.");
        var language = edit.Language is { } text && text.Trim().Length > 0 ? LanguageTag.Parse(text) : null;
        if (edit.Language is { } given && given.Trim().Length > 0 && language is null)
            problems.Add($"language: '{RosterImport.MaxShown(given)}' is not a language HitBot knows; {LanguageTag.HintFor(given)}, or \"\" to clear it.");
        var zone = edit.TimeZone is { } zoneText && zoneText.Trim().Length > 0 ? ZoneName.Parse(zoneText) : null;
        if (edit.TimeZone is { } givenZone && givenZone.Trim().Length > 0 && zone is null)
            problems.Add($"timeZone: '{RosterImport.MaxShown(givenZone)}' is not a time zone HitBot knows; {ZoneName.Hint}, or \"\" to clear it.");
        if (problems.Count > 0) return (null, problems);
        if (store.Find(id) is not { } person) return (null, []);

        var now = time.GetUtcNow().UtcDateTime;
        var changed = person.Named(edit.Name?.Trim() ?? person.Name) with
        {
            Roles = edit.Roles is null ? person.Roles : [.. roles.Distinct(StringComparer.Ordinal)],
            // An empty text clears the site or partner; a name not yet known is added, as a roster import would.
            Site = edit.Site is null ? person.Site : edit.Site.Trim().Length == 0 ? null : Slug.Of(edit.Site),
            Partner = edit.Partner is null ? person.Partner : edit.Partner.Trim().Length == 0 ? null : Slug.Of(edit.Partner),
            Language = edit.Language is null ? person.Language : language,
            TimeZone = edit.TimeZone is null ? person.TimeZone : zone,
            Inactive = edit.Active is { } active ? !active : person.Inactive,
            InactiveSince = edit.Active switch { false when !person.Inactive => now, true => null, _ => person.InactiveSince },
            OptedOut = edit.OptedOut ?? person.OptedOut,
            OptedOutAt = edit.OptedOut is { } o && o != person.OptedOut ? now : person.OptedOutAt,
            OptedOutBy = edit.OptedOut is { } b && b != person.OptedOut ? by : person.OptedOutBy,
            OptedOutById = edit.OptedOut is { } c && c != person.OptedOut ? byPersonId : person.OptedOutById,
            UpdatedAt = now,
        };
        store.SaveEdited(changed, edit.Site, edit.Partner);
        return (changed, []);
    }
}
