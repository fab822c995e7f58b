using System.Globalization;
using CsvHelper;
using HitBot.Core.Directory;

namespace HitBot.Core.Surveys;

/// <summary>
/// One row per response. Named runs carry the person's name, e-mail, site and partner; anonymous runs carry none of
/// them (not even site or partner, which can name someone in a small group), are ordered by their keyed hash, and are
/// left out altogether while fewer than five people have answered.
/// </summary>
public static class SurveyCsv
{
    public static void Write(SurveyRun run, IEnumerable<SurveyResponse> responses, PeopleDirectory directory, TextWriter output)
    {
        using var csv = SafeCsv.Writer(output);
        csv.WriteField("response");
        csv.WriteField("submitted_at");
        csv.WriteField("changed_at");
        if (!run.Anonymous) foreach (var column in new[] { "name", "email", "site", "partner" }) csv.WriteField(column);
        foreach (var q in run.Questions) csv.WriteField(q.Id);
        csv.NextRecord();
        var number = 0;
        var rows = responses.ToList();
        // k ≥ 5: with fewer than five anonymous answers, each row (free text above all) could point at its writer.
        if (run.Anonymous && rows.Count < SurveyResults.SmallestGroup) return;
        foreach (var response in rows.OrderBy(r => run.Anonymous ? r.Id : r.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), StringComparer.Ordinal))
        {
            csv.WriteField(++number);
            csv.WriteField(run.Anonymous ? response.SubmittedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : response.SubmittedAt.ToString("O", CultureInfo.InvariantCulture));
            csv.WriteField(response.ChangedAt is { } changed && !run.Anonymous ? changed.ToString("O", CultureInfo.InvariantCulture) : "");
            if (!run.Anonymous)
            {
                var person = response.PersonId is { } id ? directory.Find(id) : null;
                csv.WriteField(person?.Name ?? "");
                csv.WriteField(person?.Email ?? "");
                csv.WriteField(response.Site ?? "");
                csv.WriteField(response.Partner ?? "");
            }
            foreach (var q in run.Questions) csv.WriteField(response.Answers.TryGetValue(q.Id, out var a) ? SurveyAnswers.Display(q, a) : "");
            csv.NextRecord();
        }
    }
}
