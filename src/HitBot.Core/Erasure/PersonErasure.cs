using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Feedback;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Surveys;
using HitBot.Core.Updates;

namespace HitBot.Core.Erasure;

/// <summary>What erasing a person removed or made anonymous, as the admin API answers it.</summary>
public sealed record ErasureReport(
    string PersonId, int ChatAddresses, int Tokens, int SurveyAnswersMadeAnonymous, int FeedbackMadeAnonymous,
    int Reactions, int ActionItems, int Deliveries);

/// <summary>
/// Erases a person who left the program and asked to be forgotten: the directory entry with its chat addresses, their
/// tokens, reactions and deliveries go; named survey answers and feedback stay for the program as anonymous ones; items
/// they owned become unowned. Each feature's store erases its own part (one place per feature, no loops).
/// </summary>
public sealed class PersonErasure(
    HitBotDb db, DirectoryStore directory, PersonalTokens tokens, SurveyStore surveys, FeedbackStore feedback, UpdateStore updates,
    ActionPlanStore plan, OutboxStore outbox)
{
    public ErasureReport? Erase(string personId)
    {
        if (directory.Find(personId) is not { } person) return null;
        // One transaction: a crash half-way leaves the person whole, never half-erased. Under the directory's lock, so a
        // link or reach note being written at the same moment cannot bring the erased person back.
        return directory.Locked(() => db.InTransaction(() =>
        {
            var report = new ErasureReport(
                person.Id,
                ChatAddresses: person.Identities.Count,
                Tokens: tokens.Revoke(person.Id),
                SurveyAnswersMadeAnonymous: surveys.ErasePerson(person.Id),
                FeedbackMadeAnonymous: feedback.ErasePerson(person.Id),
                Reactions: updates.ErasePerson(person.Id),
                ActionItems: plan.ErasePerson(person.Id, person.Name),
                Deliveries: outbox.ErasePerson(person.Id, [person.Name, person.Email]));
            directory.Delete(person.Id);
            return report;
        }));
    }
}
