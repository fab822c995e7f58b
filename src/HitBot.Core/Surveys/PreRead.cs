using System.Globalization;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Surveys;

/// <summary>
/// The pre-read of a data reflection meeting: for the owner's site (a partner lead's cohort, a district lead's sites), the latest retention survey's response rate and
/// intent to continue, and what changed since the run before, never for a group under five answers. Runs are dated by the
/// program's day they closed on, as the dashboard's Surveys page it points to dates them: a run closing at 23:59 in the
/// program's zone has already closed on the next day in UTC.
/// </summary>
public sealed class PreRead(SiteResults sites, ProgramClock clock)
{
    public List<CardElement> For(Person owner)
    {
        if (sites.LatestRetentionRuns() is not { } runs)
            return [new TextBlock("**Pre-read:** no retention survey has closed yet, so there are no results to reflect on.", Subtle: true)];

        var (latest, previous) = runs;
        var lines = new List<string>();
        var (slices, more) = sites.SlicesFor(owner, latest);
        foreach (var slice in slices)
        {
            var now = sites.For(latest, slice);
            var before = previous is null ? null : sites.For(previous, slice);
            lines.Add($"- **{now.SiteName ?? now.PartnerName}**: " + Line(now, before));
        }
        // A district lead's list stops at a dozen sites (a phone screen): the meeting should know it is not the whole district.
        if (more > 0) lines.Add($"- …and {more} more site{(more == 1 ? "" : "s")}: the dashboard's Surveys page has every site's results.");
        // Only a district lead's list can be empty (a site or cohort is always listed): nobody at any site answered.
        if (lines.Count == 0) lines.Add("- Nobody answered it.");
        var closed = Day(latest.ClosesAt, "d MMM yyyy");
        return
        [
            new TextBlock($"**Pre-read: {latest.Title}** (closed {closed})"),
            new TextBlock(string.Join('\n', lines)),
            new TextBlock($"Sites with fewer than {SurveyResults.SmallestGroup} answers are not shown, so nobody's answers can be told apart.", Subtle: true),
        ];
    }

    string Day(DateTime utc, string format) => ProgramCalendar.DateOf(utc, clock.Zone).ToString(format, CultureInfo.InvariantCulture);

    string Line(SiteSnapshot now, SiteSnapshot? before)
    {
        if (now.HiddenForAnother) return $"not shown ({now.Invited} invited): its numbers would give away a few other tutors' answers";
        if (now.Hidden) return $"fewer than {SurveyResults.SmallestGroup} answers ({now.Invited} invited), not shown";
        var text = $"{now.Responses} of {now.Invited} answered" + (now.ResponseRate is { } rate ? $" ({Percent(rate)})" : "");
        if (now.IntendToStay is { } stay) text += $"; {Percent(stay)} plan to keep tutoring";
        if (before is { Hidden: false } b)
        {
            var changes = new List<string>();
            if (now.ResponseRate is { } r1 && b.ResponseRate is { } r0) changes.Add($"response rate {Points(r1, r0)}");
            if (now.IntendToStay is { } s1 && b.IntendToStay is { } s0) changes.Add($"plan to stay {Points(s1, s0)}");
            if (changes.Count > 0) text += $" — since {b.RunTitle} of {Day(b.ClosesAt, "d MMM")}: {string.Join(", ", changes)}";
        }
        else if (before is { Hidden: true }) text += " — too few answers last time to compare";
        return text;
    }

    static string Percent(double share) => $"{SurveyResults.Percent(share)}%";

    /// <summary>The change between the two percents as shown, so "63%, up 13 points" agrees with last time's "50%".</summary>
    static string Points(double now, double before)
    {
        var points = SurveyResults.Percent(now) - SurveyResults.Percent(before);
        return points == 0 ? "unchanged" : points > 0 ? $"up {points} points" : $"down {-points} points";
    }
}
