namespace HitBot.Core.Directory;

/// <summary>
/// What a tutor can ask for more of, as they tick it in the retention pulse; kept on the person (<see cref="Person.Interests"/>)
/// and filtered on by audiences. Here, with the person, because audiences belong to the directory and the survey only asks.
/// </summary>
public static class Interests
{
    public const string Coaching = "coaching";
    public const string MoreHours = "more-hours";
    public const string OtherSubjects = "other-subjects";

    public static readonly IReadOnlyList<string> All = [Coaching, MoreHours, OtherSubjects];
}
