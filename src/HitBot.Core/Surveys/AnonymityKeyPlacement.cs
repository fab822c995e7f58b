using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Surveys;

/// <summary>The anonymity key must live apart from the data: a key file in the data folder travels with every copy of it.</summary>
sealed class AnonymityKeyPlacement(IOptions<StorageOptions> storage) : IValidateOptions<SurveyOptions>
{
    public ValidateOptionsResult Validate(string? name, SurveyOptions options)
    {
        // Before the checks below, which would make the folder named "~" they find.
        if (UnexpandedPath.Problem(SurveyOptions.Section + ":" + nameof(SurveyOptions.AnonymityKeyPath), options.AnonymityKeyPath,
                "/var/lib/hitbot-key/anonymity.key") is { } unexpanded)
            return ValidateOptionsResult.Fail(unexpanded);
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(storage.Value.Path)) ?? "";
        var keyFolder = Path.GetDirectoryName(options.EffectiveKeyPath) ?? "";
        var relative = Path.GetRelativePath(dataFolder, keyFolder);
        var inside = relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
        if (inside)
            return ValidateOptionsResult.Fail($"HitBot:Surveys:AnonymityKeyPath must be outside the data folder ({dataFolder}): a copy of the database must not carry the key that links anonymous answers to people.");
        return Unwritable(options.EffectiveKeyPath) is { } problem
            ? ValidateOptionsResult.Fail($"HitBot:Surveys:AnonymityKeyPath is in a folder HitBot cannot write ({problem}): the first anonymous survey answer would fail. " +
                "Create the folder and give HitBot's account write access to it, or choose another path.")
            : ValidateOptionsResult.Success;
    }

    /// <summary>
    /// The key file is made at the first anonymous answer, often months after the start: a folder the service account cannot
    /// make or write (a system user with no home for the default path) is said now, not by a survey answer that fails then.
    /// </summary>
    static string? Unwritable(string keyPath)
    {
        if (File.Exists(keyPath) || Path.GetDirectoryName(keyPath) is not { Length: > 0 } folder) return null;
        try
        {
            System.IO.Directory.CreateDirectory(folder);
            var probe = Path.Combine(folder, $".hitbot-write-check-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{folder}: {e.Message}";
        }
    }
}
