using System.Globalization;

namespace HitBot.Core;

/// <summary>
/// HitBot keeps no student data (README, Security), yet tutors type freely: every box for free text (feedback, a
/// question under an update, a survey's free-text answer) asks them, kindly and in its placeholder, to leave students out.
/// A placeholder, not a line on the card: it costs no room on a phone, and Slack's modal shows it in the box as Teams does.
/// </summary>
public static class NoStudentData
{
    public static string Placeholder(int maxLength) =>
        string.Create(CultureInfo.InvariantCulture, $"Please leave out students' names and details. Up to {maxLength:N0} characters");

    /// <summary>What stands where the central team removed words (feedback, a survey answer), dated in the program's time zone.</summary>
    public static string RemovedText(DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"(words removed by the central team on {day:yyyy-MM-dd})");

    /// <summary>The most a removal's note (why the words were removed) may say.</summary>
    public const int MaxRemovalNote = 200;
}
