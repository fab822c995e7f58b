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
/// <remarks>
/// <para>
/// A first small transaction writes the erasure down (<see cref="ErasureUnderWay"/>, and the outbox's own note), revokes
/// their tokens and deletes their directory entry: from then on they can neither act nor be sent anything. Each part
/// then finds what names them outside the write lock and changes it a chunk to a transaction, giving way to other
/// writes between chunks (<see cref="HitBotDb.InChunks{T}"/>); the record goes last. One transaction for everything held
/// every Teams and Slack commit for 50 s with a million deliveries, longer than either platform waits.
/// </para>
/// <para>
/// A stop partway leaves the record: the next start finishes it (<see cref="ErasureResumer"/>), and so does erasing the
/// same person again. Every part can run again, finding only what is left, so nothing is erased twice or left named.
/// </para>
/// </remarks>
public sealed class PersonErasure(
    HitBotDb db, ErasureStore records, DirectoryStore directory, PersonalTokens tokens, SurveyStore surveys, FeedbackStore feedback,
    UpdateStore updates, SeriesStore series, AppreciationStore thanks, ActionPlanStore plan, OutboxStore outbox, ReplyAddressSeal replyAddresses,
    TimeProvider time,
    IEnumerable<IPersonErasurePart> otherParts)
{
    /// <summary>One erasure at a time: a resumed one and the admin's press on the same person must not both rewrite its rows.</summary>
    readonly Lock running = new();

    /// <summary>Erases the person; null when there is no such person and no erasure of them to finish.</summary>
    public ErasureReport? Erase(string personId)
    {
        lock (running)
            return (Begin(personId) ?? records.Find(personId)) is { } record ? Finish(record) : null;
    }

    /// <summary>Finishes every erasure a stop cut off; returns their people's ids.</summary>
    public List<string> FinishInterrupted()
    {
        lock (running)
            return [.. records.All().Select(record => Finish(record).PersonId)];
    }

    /// <summary>
    /// The first step, in one transaction. Under the directory's lock, so a link or reach note being written at the same
    /// moment cannot bring the erased person back: it reads the directory afresh after this and finds nobody.
    /// </summary>
    ErasureUnderWay? Begin(string personId) => directory.Locked(() =>
    {
        if (directory.Find(personId) is not { } person) return null;
        return db.InTransaction(() =>
        {
            var record = new ErasureUnderWay
            {
                Id = person.Id, Name = person.Name, Email = person.Email, FormerNames = person.FormerNames, ChatAddresses = person.Identities.Count,
                // The chats they left too: anonymous feedback sent from one before still keeps it.
                ChatKeys = [.. person.Identities.Select(i => i.PersonKey()).Concat(person.FormerChatKeys).Distinct(StringComparer.Ordinal)],
                Tokens = tokens.Revoke(person.Id), StartedAt = time.GetUtcNow().UtcDateTime,
            };
            records.Save(record);
            outbox.BeginErasing(person.Id, [person.Name, .. person.FormerNames, person.Email], record.ChatKeys);
            directory.Delete(person.Id);
            return record;
        });
    });

    /// <summary>Every part, each in chunks, then the record; the counts are what this run changed.</summary>
    ErasureReport Finish(ErasureUnderWay record)
    {
        // A name they had before is written wherever HitBot wrote it then: "Owner: Jon Smith → …" stays Jon, renamed Jonathan since.
        List<string> names = [record.Name, .. record.FormerNames];
        var report = new ErasureReport(
            record.Id,
            record.ChatAddresses,
            record.Tokens,
            SurveyAnswersMadeAnonymous: surveys.ErasePerson(record.Id),
            // Their anonymous items are found by their chats, kept in clear on named items and as keyed hashes on anonymous ones.
            FeedbackMadeAnonymous: feedback.ErasePerson(record.Id, [.. record.ChatKeys, .. record.ChatKeys.Select(replyAddresses.KeyOfChat)]),
            Reactions: updates.ErasePerson(record.Id),
            ActionItems: plan.ErasePerson(record.Id, names),
            Deliveries: outbox.ErasePerson(record.Id, [.. names, record.Email], record.ChatKeys));
        // A newsletter series or a thank-you addressed to them by name: its audience lists ids only, so the report does not count it.
        series.ErasePerson(record.Id);
        thanks.ErasePerson(record.Id);
        // The opt-outs they made for others name them; "self" and the admin token's words are no one's name.
        directory.ForgetOptOutsBy(record.Id, names);
        foreach (var part in otherParts) part.ErasePerson(record.Email, record.ChatKeys);
        db.InTransaction(() =>
        {
            outbox.EndErasing(record.Id);
            return records.Delete(record.Id);
        });
        return report;
    }
}
