using System.Text.Json.Serialization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

public sealed record NonResponder(string PersonId, string Name, string Email, string? Site);

/// <summary>
/// Who of the people invited has not answered: the counts, and one page of <see cref="People"/> (by site, then name) out
/// of <see cref="NotAnswered"/>. <see cref="People"/> is absent for an anonymous run: counts only.
/// </summary>
public sealed record NonResponse(string RunId, bool Anonymous, int Invited, int Answered, int NotAnswered)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NonResponder>? People { get; init; }
}

/// <summary>
/// The people a run was sent to (its invitation deliveries, one per person) who have not answered. Anonymous runs give
/// counts only: matching invitations to answers there would undo the anonymity the run promised.
/// </summary>
/// <remarks>
/// A run of 100,000 was read whole at each look: every invitation row with its card, every response with its answers,
/// every non-responder's whole person, all of them in one answer. Now the invitations are read through the Campaign index
/// as person ids, the responses as ids, the non-responders as name and site (to put them in order), and only the page's
/// people whole; <c>limit</c> 0 reads no person at all.
/// </remarks>
public sealed class NonResponders(SurveyStore store, PeopleDirectory directory, OutboxStore outbox)
{
    const string SomeoneWhoLeft = "someone who left";

    /// <summary>The counts and the non-responders from place <paramref name="offset"/>, at most <paramref name="limit"/> of them.</summary>
    public NonResponse For(SurveyRun run, int offset, int limit)
    {
        var invited = outbox.PeopleOf(run.Campaign);
        if (run.Anonymous)
        {
            var answers = store.CountResponses(run.Id);
            return new NonResponse(run.Id, true, invited.Count, answers, Math.Max(0, invited.Count - answers));
        }
        var answered = store.ResponseIdsTo(run.Id);
        var notAnswered = invited.Where(id => !answered.Contains(SurveyStore.ResponseId(run.Id, store.RespondentKey(run, id)))).ToList();
        var counts = new NonResponse(run.Id, false, invited.Count, invited.Count - notAnswered.Count, notAnswered.Count);
        if (limit <= 0 || offset >= notAnswered.Count) return counts with { People = [] };

        var labels = directory.LabelsOf(notAnswered);
        // The id last: people of the same site and name keep one order from page to page, so none is shown twice or missed.
        var page = notAnswered
            .Select(id => labels.GetValueOrDefault(id) ?? new PersonLabel(id, SomeoneWhoLeft, null))
            .OrderBy(p => p.Site, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Skip(offset).Take(limit).ToList();
        var people = directory.FindMany(page.Select(p => p.Id));
        return counts with
        {
            People = [.. page.Select(p => people.GetValueOrDefault(p.Id) is { } person
                ? new NonResponder(person.Id, person.Name, person.Email, person.Site)
                : new NonResponder(p.Id, SomeoneWhoLeft, "", null))],
        };
    }
}
