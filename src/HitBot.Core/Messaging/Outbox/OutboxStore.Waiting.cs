// LiteDB types by their full name: this is part of a *Store class, and the ownership test reads "using LiteDB;" per file name.
namespace HitBot.Core.Messaging.Outbox;

/// <summary>A row due later than now, as a report groups it: its state, when it goes, and why it waits (the row's own words).</summary>
public sealed record DueLaterRow(DeliveryState State, DateTime DueAt, string? LastError, DateTime? HeldUntil);

public sealed partial class OutboxStore
{
    /// <summary>
    /// This campaign's rows due after <paramref name="now"/> (moved to the person's morning, past a pause, a retry), read
    /// through the due index, which holds only rows still waiting: never the rows already sent, nor those due now, so a
    /// 100,000-person update being sent reads none of its own. The index is not by campaign: rows of other campaigns due
    /// later are read too (a few fields each), and left out here.
    /// </summary>
    public List<DueLaterRow> DueLaterOf(string campaign, DateTimeOffset now) =>
        After.Run(new LiteDB.BsonValue(now.UtcDateTime), after => db.Collection<LiteDB.BsonDocument>(Collection).Query().Where(after)
            .Select(DueLaterFields).ToDocuments()
            .Where(row => row["Campaign"].IsString && row["Campaign"].AsString == campaign)
            .Select(row => new DueLaterRow(
                Enum.Parse<DeliveryState>(row["State"].AsString), row["DueAt"].AsDateTime.ToUniversalTime(),
                row["LastError"].IsString ? row["LastError"].AsString : null,
                row["HeldUntil"].IsDateTime ? row["HeldUntil"].AsDateTime.ToUniversalTime() : null))
            .ToList());

    static readonly LiteDB.BsonExpression DueLaterFields =
        LiteDB.BsonExpression.Create("{ Campaign: $.Campaign, State: $.State, DueAt: $.DueAt, LastError: $.LastError, HeldUntil: $.HeldUntil }");
}
