namespace HitBot.Core.Surveys;

public sealed class SurveyOptions
{
    public const string Section = "HitBot:Surveys";

    /// <summary>
    /// The file holding the key that turns a person into an anonymous respondent key. Outside the data folder, so a copy
    /// of the database alone cannot link an anonymous answer to anyone. Empty: HitBot/anonymity.key in the account's
    /// local application data folder (on Linux ~/.local/share/HitBot/anonymity.key).
    /// </summary>
    public string AnonymityKeyPath { get; set; } = "";

    public string EffectiveKeyPath => AnonymityKeyPath.Length > 0
        ? Path.GetFullPath(AnonymityKeyPath)
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "HitBot", "anonymity.key");
}
