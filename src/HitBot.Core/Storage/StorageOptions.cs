using System.ComponentModel.DataAnnotations;

namespace HitBot.Core.Storage;

public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "HitBot:Storage";

    /// <summary>The LiteDB file. Relative paths are resolved against the working directory; the folder is created.</summary>
    [Required(ErrorMessage = "HitBot:Storage:Path must name the LiteDB file, e.g. data/hitbot.db.")]
    public string Path { get; set; } = "data/hitbot.db";

    /// <summary>
    /// Finished deliveries (sent or given up) older than this many days are deleted daily, so the file stops growing
    /// without bound. Reports of updates older than that lose their delivery counts.
    /// </summary>
    [Range(30, 3650, ErrorMessage = "HitBot:Storage:RetentionDays must be between 30 and 3650.")]
    public int RetentionDays { get; set; } = 400;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UnexpandedPath.Problem(Section + ":" + nameof(Path), Path, "/var/lib/hitbot/hitbot.db") is { } problem)
            yield return new ValidationResult(problem);
    }
}
