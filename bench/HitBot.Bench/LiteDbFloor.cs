using LiteDB;

namespace HitBot.Bench;

/// <summary>
/// What LiteDB itself allocates to write a row twice (inserted, then updated), with nothing of HitBot's around it: a
/// document holding only its key, in a collection with no index but the key's, written 16 rows to a transaction as the
/// sent rows are. A delivery row is written at least that way (queued, then its outcome), so this is the floor of the
/// dispatcher's allocation per delivery while each delivery is a LiteDB row.
/// </summary>
static class LiteDbFloor
{
    const int Rows = 10_000;
    const int Group = 16;

    public static (double InsertKb, double UpdateKb) Measure()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            using var db = new LiteDatabase($"Filename={Path.Combine(folder, "floor.db")}");
            var rows = db.GetCollection("rows");
            // A first round so the collection holds as many rows as the dispatcher's does when it measures, and the JIT is done.
            Write(db, rows, "warm-up");
            var before = GC.GetAllocatedBytesForCurrentThread();
            var inserted = Write(db, rows, "measured");
            var afterInsert = GC.GetAllocatedBytesForCurrentThread();
            foreach (var group in inserted.Chunk(Group))
            {
                db.BeginTrans();
                foreach (var row in group) row["State"] = "Sent";
                rows.Update(group);
                db.Commit();
            }
            var afterUpdate = GC.GetAllocatedBytesForCurrentThread();
            return ((afterInsert - before) / 1024.0 / Rows, (afterUpdate - afterInsert) / 1024.0 / Rows);
        }
        finally
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    static List<BsonDocument> Write(LiteDatabase db, ILiteCollection<BsonDocument> rows, string round)
    {
        var documents = Enumerable.Range(0, Rows).Select(i => new BsonDocument { ["_id"] = $"update:{round}:person-{i:D6}" }).ToList();
        foreach (var group in documents.Chunk(Group))
        {
            db.BeginTrans();
            rows.Insert(group);
            db.Commit();
        }
        return documents;
    }
}
