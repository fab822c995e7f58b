using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Updates;

/// <summary>Updates and the reactions to them, in LiteDB.</summary>
public sealed class UpdateStore(HitBotDb db)
{
    public const string Updates = "updates";
    public const string Reactions = "update_reactions";

    ILiteCollection<Update> UpdatesCollection => db.Collection<Update>(Updates);
    ILiteCollection<UpdateReaction> ReactionsCollection => db.Collection<UpdateReaction>(Reactions);

    public Update? Find(string id) => UpdatesCollection.FindById(id);

    public void Save(Update update) => UpdatesCollection.Upsert(update);

    /// <summary>Newest first: sent ones by send time, then drafts by creation.</summary>
    public List<Update> All() => UpdatesCollection.FindAll()
        .OrderByDescending(u => u.SentAt ?? DateTime.MinValue).ThenByDescending(u => u.CreatedAt).ToList();

    public List<Update> LatestSent(int count) => UpdatesCollection.Find(Queries.Equal(nameof(Update.Status), nameof(UpdateStatus.Sent)))
        .OrderByDescending(u => u.SentAt).Take(count).ToList();

    /// <summary>Updates whose next scheduled occurrence is due.</summary>
    public List<Update> DueSchedules(DateTimeOffset now) =>
        // A range from the smallest date: in LiteDB's ordering null sorts below every date, and unscheduled updates have null.
        UpdatesCollection.Find(Query.Between(nameof(Update.NextAt), DateTime.MinValue, now.UtcDateTime)).ToList();

    /// <summary>Updates whose "Send now" has not finished queueing (<see cref="Update.SendingSince"/>).</summary>
    public List<Update> SendsUnderWay() => MarkedBy(nameof(Update.SendingSince));

    /// <summary>Updates whose latest correction has not finished queueing its edits (<see cref="Update.CorrectingSince"/>).</summary>
    public List<Update> CorrectionsUnderWay() => MarkedBy(nameof(Update.CorrectingSince));

    /// <summary>Updates with this (indexed) date set: in LiteDB's ordering null sorts below every date, as for <see cref="DueSchedules"/>.</summary>
    List<Update> MarkedBy(string field) => UpdatesCollection.Find(Query.Between(field, DateTime.MinValue, DateTime.MaxValue)).ToList();

    /// <summary>The soonest scheduled occurrence of any update, or null when nothing is scheduled.</summary>
    public DateTimeOffset? NextScheduledAt() =>
        UpdatesCollection.Find(Query.Between(nameof(Update.NextAt), DateTime.MinValue, DateTime.MaxValue), skip: 0, limit: 1)
            .FirstOrDefault()?.NextAt is { } next
            ? new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc))
            : null;

    /// <summary>Records (or changes) a person's reaction; one row per person and update.</summary>
    public void React(string updateId, string personId, Reaction reaction, DateTimeOffset now) =>
        ReactionsCollection.Upsert(new UpdateReaction
        {
            Id = UpdateReaction.IdFor(updateId, personId), UpdateId = updateId, PersonId = personId, Reaction = reaction, At = now.UtcDateTime,
        });

    public Reaction? ReactionOf(string updateId, string personId) =>
        ReactionsCollection.FindById(UpdateReaction.IdFor(updateId, personId))?.Reaction;

    public Dictionary<Reaction, int> CountReactions(string updateId)
    {
        var counts = Enum.GetValues<Reaction>().ToDictionary(r => r, _ => 0);
        foreach (var row in ReactionsCollection.Find(Queries.Equal(nameof(UpdateReaction.UpdateId), updateId))) counts[row.Reaction]++;
        return counts;
    }

    /// <summary>Erasing a person: their reactions go, and updates they wrote or were addressed to by name no longer name them.</summary>
    /// <remarks>
    /// Listed outside the write lock (their reactions through the PersonId index, schema 17; updates are hundreds), then
    /// written a chunk to a transaction, each read again there (<see cref="HitBotDb.InChunks{T}"/>).
    /// </remarks>
    public int ErasePerson(string personId)
    {
        var theirs = ReactionsCollection.Find(Queries.Equal(nameof(UpdateReaction.PersonId), personId)).Select(r => r.Id).ToList();
        var reactions = db.InChunks(theirs, chunk => chunk.Count(id => ReactionsCollection.Delete(id)));
        var naming = UpdatesCollection.FindAll().Where(u => Names(u, personId)).Select(u => u.Id).ToList();
        db.InChunks(naming, chunk => chunk.Count(id =>
            UpdatesCollection.FindById(id) is { } update && Names(update, personId) && UpdatesCollection.Update(update with
            {
                CreatedBy = update.CreatedBy == personId ? null : update.CreatedBy,
                Audience = update.Audience with { People = update.Audience.People.Where(p => p != personId).ToList() },
            })));
        return reactions;
    }

    static bool Names(Update update, string personId) => update.CreatedBy == personId || update.Audience.People.Contains(personId);
}
