using System.Globalization;
using CsvHelper;
using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>
/// One row per response. Named runs carry the person's name, e-mail, site and partner (by their names; an erased tutor's row none of
/// them, and the day only); anonymous runs carry none of
/// them (not even site or partner, which can name someone in a small group), are ordered by their keyed hash, and are
/// left out altogether while fewer than five people have answered.
/// </summary>
public static class SurveyCsv
{
    /// <param name="zone">The program's: times and days are written in it, as the dashboard shows them.</param>
    public static void Write(SurveyRun run, IEnumerable<SurveyResponse> responses, PeopleDirectory directory, TimeZoneInfo zone, TextWriter output)
    {
        using var csv = SafeCsv.Writer(output);
        csv.WriteField("response");
        csv.WriteField("submitted_at");
        csv.WriteField("changed_at");
        if (!run.Anonymous) foreach (var column in new[] { "name", "email", "site", "partner" }) csv.WriteField(column);
        foreach (var q in run.Questions) csv.WriteField(q.Id);
        csv.NextRecord();
        var number = 0;
        // Sites and partners as the roster spells them, as the dashboard and the people list show them (not their slugs).
        var siteNames = directory.Sites().ToDictionary(s => s.Id, s => s.Name, StringComparer.Ordinal);
        var partnerNames = directory.Partners().ToDictionary(p => p.Id, p => p.Name, StringComparer.Ordinal);
        var rows = responses.ToList();
        // k ≥ 5: with fewer than five anonymous answers, each row (free text above all) could point at its writer.
        if (run.Anonymous && rows.Count < SurveyResults.SmallestGroup) return;
        // Unnamed rows by what they say, after the named ones: their place among rows in time order would tell the time too.
        foreach (var response in rows.OrderBy(r => run.Anonymous || r.PersonId is null ? "~" + Shown(run, r, zone) : r.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), StringComparer.Ordinal))
        {
            // A named run's answer without a person is an erased tutor's, kept "as an anonymous one": like an anonymous
            // run's rows it shows no site, partner or time of day, which beside the named rows would point back at them.
            var unnamed = run.Anonymous || response.PersonId is null;
            csv.WriteField(++number);
            csv.WriteField(unnamed ? DayOf(run, response, zone) : CsvTimes.Local(response.SubmittedAt, zone));
            csv.WriteField(response.ChangedAt is { } changed && !unnamed ? CsvTimes.Local(changed, zone) : "");
            if (!run.Anonymous)
            {
                var person = response.PersonId is { } id ? directory.Find(id) : null;
                csv.WriteField(person?.Name ?? "");
                csv.WriteField(person?.Email ?? "");
                csv.WriteField(unnamed ? "" : Named(response.Site, siteNames));
                csv.WriteField(unnamed ? "" : Named(response.Partner, partnerNames));
            }
            foreach (var q in run.Questions) csv.WriteField(response.Answers.TryGetValue(q.Id, out var a) ? SurveyAnswers.Display(q, a) : "");
            csv.NextRecord();
        }
    }

    /// <summary>
    /// What an unnamed row shows (its answers, then its day), which places it among the unnamed rows. Not its id: ordered by
    /// the whole id, an anonymous run's rows of people erased since ("erased-…" after "a-…") came last; ordered by the id's
    /// random part, the one row an erasure gave a new random id moved, and a coordinator who downloaded the CSV before and
    /// after erasing someone read that person's answers. What a row says does not change when its writer is erased.
    /// </summary>
    static string Shown(SurveyRun run, SurveyResponse response, TimeZoneInfo zone) =>
        string.Join('\u001f', run.Questions.Select(q => response.Answers.TryGetValue(q.Id, out var a) ? SurveyAnswers.Display(q, a) : "")
            .Append(DayOf(run, response, zone)));

    /// <summary>
    /// The program's day an unnamed answer was given. Anonymous answers saved before HitBot stamped them at the program's
    /// noon kept UTC's midnight, which is UTC's day itself: read in the program's zone it would be the day before.
    /// </summary>
    static string DayOf(SurveyRun run, SurveyResponse response, TimeZoneInfo zone) =>
        run.Anonymous && response.SubmittedAt.TimeOfDay == TimeSpan.Zero
            ? response.SubmittedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : CsvTimes.Day(response.SubmittedAt, zone);

    /// <summary>The name of a site or partner; its slug only when no roster named it.</summary>
    static string Named(string? slug, Dictionary<string, string> names) => slug is { Length: > 0 } ? names.GetValueOrDefault(slug, slug) : "";
}
