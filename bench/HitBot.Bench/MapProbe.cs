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
        var ds = Enumerable.Range(0, 10000).Select(i => Delivery.Send($"k{i}", "c", $"p{i}", new ChannelAddress { Channel = ChannelKind.Teams, UserId = $"29:{i}" }, message, now)).ToList();
        var before = GC.GetTotalAllocatedBytes(true);
        var w = Stopwatch.StartNew();
        foreach (var d in ds) mapper.ToDocument(d);
        Console.WriteLine($"map: {w.ElapsedMilliseconds} ms, {(GC.GetTotalAllocatedBytes(true) - before) / 1048576.0:F1} MB");
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".db");
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, mapper);
        var col = db.GetCollection<Delivery>("d");
        col.EnsureIndex(d => d.IdempotencyKey, true);
        before = GC.GetTotalAllocatedBytes(true);
        w.Restart();
        db.BeginTrans(); col.Insert(ds); db.Commit();
        Console.WriteLine($"insert 1 index: {w.ElapsedMilliseconds} ms, {(GC.GetTotalAllocatedBytes(true) - before) / 1048576.0:F1} MB");
        var col2 = db.GetCollection<BsonDocument>("raw");
        var docs = ds.Select(d => mapper.ToDocument(d)).ToList();
        w.Restart();
        db.BeginTrans(); col2.Insert(docs); db.Commit();
        Console.WriteLine($"insert raw docs no index: {w.ElapsedMilliseconds} ms");
    }
}
