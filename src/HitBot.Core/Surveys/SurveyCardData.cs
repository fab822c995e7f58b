namespace HitBot.Core.Surveys;

/// <summary>
/// The data of a survey's buttons (Send my answers, Change my answers, "Answer: …"): which run, and on a form that did not
/// name the person's partner lead among those who see their name, <see cref="PartnerLead"/> = <see cref="LeadNotTold"/>.
/// </summary>
/// <remarks>
/// A form stays in a chat for days: a lead added after it came must not get the name it did not promise them. The value is
/// the sender's to edit (Teams card data), but it can only keep their own name from a lead, never show it to one.
/// </remarks>
public sealed record SurveyRunData(string Run, string? PartnerLead = null)
{
    public const string LeadNotTold = "not-told";
}
