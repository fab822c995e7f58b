using HitBot.Core.Directory;
using HitBot.Core.Messaging.Outbox;
using HitBot.Core.Storage;
using HitBot.Core.Messaging;
using LiteDB;

namespace HitBot.Core.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    readonly TempDb temp = new();

    /// <summary>A file written by schema 1 (random _id, IdempotencyKey column) keeps its queue and its dedupe after the upgrade.</summary>
    [Fact]
    public void A_version_1_outbox_keeps_its_rows_and_still_refuses_a_repeated_key()
    {
        temp.Db.Dispose();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            raw.UserVersion = 1;
            var rows = raw.GetCollection(OutboxStore.Collection);
            rows.DeleteAll();
            rows.EnsureIndex("IdempotencyKey", "$.IdempotencyKey", unique: true);
            rows.EnsureIndex("State", "$.State");
            rows.Insert(new BsonDocument
            {
                ["_id"] = Guid.NewGuid().ToString("N"), ["IdempotencyKey"] = "update:1:maya", ["Campaign"] = "update:1",
                ["State"] = "Sent", ["DueAt"] = Delivery.NotDue, ["MessageJson"] = "{}", ["Attempts"] = 1,
                ["Address"] = new BsonDocument { ["Channel"] = "Teams", ["UserId"] = "29:maya" },
            });
        }

        var outbox = new OutboxStore(temp.Reopen(), new OutboxSignal());
        var again = outbox.TryEnqueue(Delivery.Send("update:1:maya", "update:1", "maya",
            new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:maya" }, Message.Text("Hello"), DateTimeOffset.UtcNow));

        Assert.Equal(Migrations.Current, temp.Db.SchemaVersion);
        Assert.Equal(DeliveryState.Sent, outbox.Find("update:1:maya")?.State);
        Assert.False(again);
        Assert.Single(outbox.ForCampaign("update:1"));
    }

    [Fact]
    public void A_version_8_directory_gains_the_name_and_roles_indexes_and_keeps_its_people()
    {
        temp.Db.Dispose();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            var people = raw.GetCollection(DirectoryStore.People);
            people.DropIndex(DirectoryStore.NameIndex);
            people.DropIndex(DirectoryStore.RolesIndex);
            raw.UserVersion = 8;
            people.Insert(new BsonDocument { ["_id"] = "p1", ["Name"] = "Sam Ortiz", ["Email"] = "sam@example.org", ["Roles"] = new BsonArray { "site-champion" } });
        }

        var champions = new DirectoryStore(temp.Reopen()).WithAnyRole(["site-champion"]);
        temp.Db.Dispose();
        using var check = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct, ReadOnly = true });
        var indexes = check.GetCollection("$indexes").Find(BsonExpression.Create("collection = @0", DirectoryStore.People)).Select(i => i["name"].AsString);

        Assert.Equal(Migrations.Current, check.UserVersion);
        Assert.Equal("Sam Ortiz", Assert.Single(champions ?? []).Name);
        Assert.Contains(DirectoryStore.NameIndex, indexes);
        Assert.Contains(DirectoryStore.RolesIndex, indexes);
    }

    [Fact]
    public void A_version_17_directory_gains_the_start_date_index_and_finds_its_tutors_by_start_date()
    {
        temp.Db.Dispose();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            var people = raw.GetCollection(DirectoryStore.People);
            people.DropIndex(DirectoryStore.StartDateIndex);
            raw.UserVersion = 17;
            people.Insert(new BsonDocument { ["_id"] = "p1", ["Name"] = "Maya Lopez", ["Email"] = "maya@example.org", ["Roles"] = new BsonArray { "tutor" }, ["StartDate"] = "2026-02-24" });
            people.Insert(new BsonDocument { ["_id"] = "p2", ["Name"] = "Kim Lee", ["Email"] = "kim@example.org", ["Roles"] = new BsonArray { "tutor" } });
        }

        var starting = new DirectoryStore(temp.Reopen()).StartingBetween(new DateOnly(2026, 2, 23), new DateOnly(2026, 3, 1));
        var indexes = temp.Db.Collection<BsonDocument>("$indexes").Find(Query.EQ("collection", DirectoryStore.People)).Select(i => i["name"].AsString).ToList();

        Assert.Equal(Migrations.Current, temp.Db.SchemaVersion);
        Assert.Contains(DirectoryStore.StartDateIndex, indexes);
        Assert.Equal("Maya Lopez", Assert.Single(starting).Name);
    }

    /// <summary>A schema 8 file kept finished rows in its "DueAt" index; after the upgrade only waiting rows are due, and every row still reports.</summary>
    [Fact]
    public void A_version_8_outbox_keeps_every_row_and_only_the_waiting_ones_are_due()
    {
        var waitingSince = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);
        temp.Db.Dispose();
        using (var raw = new LiteDatabase(new ConnectionString { Filename = temp.FilePath, Connection = ConnectionType.Direct }))
        {
            raw.UserVersion = 8;
            var rows = raw.GetCollection(OutboxStore.Collection);
            rows.DropIndex(OutboxStore.DueIndex);
            rows.EnsureIndex("DueAt", "$.DueAt");
            rows.Insert(V8Row("update:1:maya", "Sent", Delivery.NotDue));
            rows.Insert(V8Row("update:1:sam", "Queued", waitingSince));
        }

        var db = temp.Reopen();
        var outbox = new OutboxStore(db, new OutboxSignal());
        var indexes = db.Collection<BsonDocument>("$indexes").Find(Query.EQ("collection", OutboxStore.Collection)).Select(i => i["name"].AsString).ToList();

        Assert.Equal(Migrations.Current, db.SchemaVersion);
        Assert.Contains(OutboxStore.DueIndex, indexes);
        Assert.DoesNotContain("DueAt", indexes);
        Assert.Equal(2, outbox.ForCampaign("update:1").Count);
        Assert.Equal((1, 1), (outbox.CountByState()[DeliveryState.Sent], outbox.CountByState()[DeliveryState.Queued]));
        Assert.Equal(new DateTimeOffset(waitingSince), outbox.NextDueAt());
        Assert.Equal("update:1:sam", Assert.Single(outbox.ClaimDue(new DateTimeOffset(waitingSince), 10)).Id);
        Assert.Equal(DeliveryState.Sent, outbox.Find("update:1:maya")?.State);
    }

    static BsonDocument V8Row(string id, string state, DateTime dueAt) => new()
    {
        ["_id"] = id, ["Campaign"] = "update:1", ["State"] = state, ["DueAt"] = dueAt, ["MessageJson"] = HitBot.Core.Messaging.MessageJson.Serialize(Message.Text("Hello")),
        ["Attempts"] = state == "Sent" ? 1 : 0, ["Address"] = new BsonDocument { ["Channel"] = "Teams", ["UserId"] = "29:" + id },
    };

    public void Dispose() => temp.Dispose();
}
