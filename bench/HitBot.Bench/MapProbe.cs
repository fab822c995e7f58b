using System.Diagnostics;
using HitBot.Core.Messaging;
using LiteDB;

namespace HitBot.Bench;

static class MapProbe
{
    public static void Run()
    {
        var mapper = new BsonMapper { TrimWhitespace = false, EmptyStringToNull = false, EnumAsInteger = false };
        var now = DateTimeOffset.UtcNow;
        var message = Message.Text("**Week 12 update**\nThank you.");
        var ds = Enumerable.Range(0, 10000).Select(i => Delivery.Send($"update:w12:{Guid.NewGuid():N}", "c", $"p{i}", new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:{i}" }, message, now)).ToList();
        foreach (var variant in new[] { "id-only", "id+due", "id+due+key", "all4", "small-docs-all4" })
        {
            var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
            using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, mapper);
            var col = db.GetCollection<BsonDocument>("d");
            if (variant != "id-only") col.EnsureIndex("DueAt", "$.DueAt");
            if (variant.Contains("key", StringComparison.Ordinal) || variant.Contains("all4", StringComparison.Ordinal)) col.EnsureIndex("IdempotencyKey", "$.IdempotencyKey", true);
            if (variant.Contains("all4", StringComparison.Ordinal)) { col.EnsureIndex("Campaign", "$.Campaign"); col.EnsureIndex("State", "$.State"); }
            var docs = ds.Select(d => { var doc = mapper.ToDocument(variant.StartsWith("small", StringComparison.Ordinal) ? d with { MessageJson = "m1" } : d); doc["_id"] = d.IdempotencyKey; return doc; }).ToList();
            var w = Stopwatch.StartNew();
            db.BeginTrans(); col.Insert(docs); db.Commit();
            Console.WriteLine($"{variant}: {w.ElapsedMilliseconds} ms");
        }
    }
}
