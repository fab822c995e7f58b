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
}
