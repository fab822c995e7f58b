using HitBot.Core.Directory;
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

    public void Dispose() => temp.Dispose();
}
