using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Surveys;

/// <summary>The anonymity key must live apart from the data: a key file in the data folder travels with every copy of it.</summary>
sealed class AnonymityKeyPlacement(IOptions<StorageOptions> storage) : IValidateOptions<SurveyOptions>
{
    public ValidateOptionsResult Validate(string? name, SurveyOptions options)
    {
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(storage.Value.Path)) ?? "";
        var keyFolder = Path.GetDirectoryName(options.EffectiveKeyPath) ?? "";
        var relative = Path.GetRelativePath(dataFolder, keyFolder);
        var inside = relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
        return inside
            ? ValidateOptionsResult.Fail($"HitBot:Surveys:AnonymityKeyPath must be outside the data folder ({dataFolder}): a copy of the database must not carry the key that links anonymous answers to people.")
            : ValidateOptionsResult.Success;
    }
}
