using System.Text.Json.Serialization;
using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Surveys;

public sealed record NonResponder(string PersonId, string Name, string Email, string? Site);

/// <summary>Who of the people invited has not answered. <see cref="People"/> is absent for an anonymous run: counts only.</summary>
public sealed record NonResponse(string RunId, bool Anonymous, int Invited, int Answered, int NotAnswered)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public List<NonResponder>? People { get; init; }
}

/// <summary>
/// The people a run was sent to (its invitation deliveries, one per person) who have not answered. Anonymous runs give
/// counts only: matching invitations to answers there would undo the anonymity the run promised.
/// </summary>
public sealed class NonResponders(SurveyStore store, PeopleDirectory directory, OutboxStore outbox)
{
    public NonResponse For(SurveyRun run)
    {
        var invited = outbox.ForCampaign(run.Campaign).Select(d => d.PersonId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (run.Anonymous)
        {
            var answers = store.CountResponses(run.Id);
            return new NonResponse(run.Id, true, invited.Count, answers, Math.Max(0, invited.Count - answers));
        }
        var answered = store.ResponsesTo(run.Id).Select(r => r.PersonId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var notAnswered = invited.Where(id => !answered.Contains(id)).ToList();
        var people = directory.FindMany(notAnswered);
        var missing = notAnswered
            .Select(id => people.GetValueOrDefault(id) is { } p ? new NonResponder(p.Id, p.Name, p.Email, p.Site) : new NonResponder(id, "someone who left", "", null))
            .OrderBy(p => p.Site, StringComparer.Ordinal).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
        return new NonResponse(run.Id, false, invited.Count, invited.Count - missing.Count, missing.Count) { People = missing };
    }
}
