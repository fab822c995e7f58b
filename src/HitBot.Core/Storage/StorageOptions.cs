using System.ComponentModel.DataAnnotations;

namespace HitBot.Core.Storage;

public sealed class StorageOptions
{
    public const string Section = "HitBot:Storage";

    /// <summary>The LiteDB file. Relative paths are resolved against the working directory; the folder is created.</summary>
    [Required(ErrorMessage = "HitBot:Storage:Path must name the LiteDB file, e.g. data/hitbot.db.")]
    public string Path { get; set; } = "data/hitbot.db";
}
