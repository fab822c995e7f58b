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
}
