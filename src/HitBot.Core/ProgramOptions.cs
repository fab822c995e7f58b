using System.ComponentModel.DataAnnotations;

namespace HitBot.Core;

/// <summary>The tutoring program as a whole.</summary>
public sealed class ProgramOptions
{
    public const string Section = "HitBot:Program";

    /// <summary>IANA time zone of the program ("America/Chicago"): schedules and "today" are read in it.</summary>
    [Required(ErrorMessage = "HitBot:Program:TimeZone must be an IANA time zone such as America/New_York.")]
    public string TimeZone { get; set; } = "America/New_York";

    /// <summary>Shown on cards and in the welcome message.</summary>
    public string Name { get; set; } = "our tutoring program";

    /// <summary>
    /// Non-urgent messages (updates, survey reminders, thank-yous) one person gets in any 7 days; the rest wait or are
    /// folded into a digest. Reminders to action-item owners and answers to what a person asked are not counted.
    /// </summary>
    [Range(1, 50, ErrorMessage = "HitBot:Program:MaxNudgesPerWeek must be a whole number from 1 to 50.")]
    public int MaxNudgesPerWeek { get; set; } = 3;
}
