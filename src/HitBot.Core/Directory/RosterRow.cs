namespace HitBot.Core.Directory;

/// <summary>
/// One valid line of a roster CSV. <see cref="HasStartDate"/> says whether the file has a "start date" column: without one,
/// a re-import keeps the start dates HitBot already knows. <see cref="Language"/> is a tag (<see cref="LanguageTag"/>); null
/// (no "language" column, or an empty cell) keeps the language HitBot already knows; so does a null <see cref="TimeZone"/>
/// (an IANA id, <see cref="ZoneName"/>) the time zone.
/// </summary>
public sealed record RosterRow(int Line, string Name, string Email, List<string> Roles, string? Site, string? Partner,
    DateOnly? StartDate = null, bool HasStartDate = false, string? Language = null, string? TimeZone = null);

/// <summary>A roster line that cannot be imported, with the reason a coordinator can fix.</summary>
public sealed record RosterError(int Line, string Message);

/// <summary>What an import did. <see cref="Imported"/> is false when errors stopped it and nothing was written.</summary>
public sealed record RosterImportResult(bool Imported, int Created, int Updated, int Unchanged, int Skipped, List<RosterError> Errors)
{
    /// <summary>With <c>deactivateMissing</c>: the active people missing from the file, deactivated (or, in a preview, who would be).</summary>
    public List<RosterPersonRef> Deactivated { get; init; } = [];

    /// <summary>Active people the file takes roles away from (or, in a preview, would), with the roles they lose and those they keep.</summary>
    public List<RosterRoleChange> RolesRemoved { get; init; } = [];

    /// <summary>True when nothing was written: the answer only says what an import would do.</summary>
    public bool Preview { get; init; }
}

/// <summary>
/// Who a roster change touches, by name, e-mail and roles, for the person reviewing it: a file of tutors only would
/// deactivate every staff member missing from it, and the roles make that plain before it happens.
/// </summary>
public sealed record RosterPersonRef(string Id, string Name, string Email, List<string> Roles);

/// <summary>A person a roster takes roles from: <see cref="Removed"/> are the roles they lose, <see cref="Roles"/> all they hold after it.</summary>
public sealed record RosterRoleChange(string Id, string Name, string Email, List<string> Removed, List<string> Roles);
