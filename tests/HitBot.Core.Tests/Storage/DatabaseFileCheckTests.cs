using System.Security.Cryptography;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
using LiteDB;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Storage;

/// <summary>
/// A file put in place of the database (a restore, a copy to a new machine) that is not a whole HitBot database stops the
/// start with one line and is left exactly as it was, rather than HitBot starting on it.
/// </summary>
public sealed class DatabaseFileCheckTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    public DatabaseFileCheckTests() => System.IO.Directory.CreateDirectory(folder);

    string FilePath => Path.Combine(folder, "hitbot.db");

    HitBotDb Open() => new(Options.Create(new StorageOptions { Path = FilePath }));

    [Fact]
    public void A_copy_cut_short_at_a_page_boundary_is_refused_and_left_as_it_was()
    {
        // A copy that stopped partway (a full disk, an interrupted cp or download) ends on a page boundary as often as not:
        // HitBot started on such a file, and every read of the people past the cut failed.
        using (var db = Open())
        {
            var people = db.Collection<Person>(DirectoryStore.People);
            people.InsertBulk(Enumerable.Range(0, 2_000).Select(i => new Person
            {
                Id = "p" + i, Name = "Tutor " + i + " " + new string('x', 200), Email = $"tutor{i}@example.org", Roles = ["tutor"],
            }));
        }
        using (var file = new FileStream(FilePath, FileMode.Open)) file.SetLength(file.Length / 2 / 8192 * 8192);
        var before = SHA256.HashData(File.ReadAllBytes(FilePath));

        var refused = Assert.Throws<DatabaseDamagedException>(Open);

        Assert.Contains(FilePath, refused.Message, StringComparison.Ordinal);
        Assert.Contains("cut short", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(FilePath)));
    }

    [Fact]
    public void A_LiteDB_file_of_another_program_is_refused_and_left_as_it_was()
    {
        // The wrong file restored (another application's LiteDB database): HitBot took it for a new one, wrote its own
        // collections and settings into it, and ran with nobody in its directory.
        using (var other = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }))
            other.GetCollection("customers").Insert(new BsonDocument { ["_id"] = 1, ["Name"] = "Acme" });
        var before = SHA256.HashData(File.ReadAllBytes(FilePath));

        var refused = Assert.Throws<DatabaseDamagedException>(Open);

        Assert.Contains(FilePath, refused.Message, StringComparison.Ordinal);
        Assert.Contains("not a HitBot database", refused.Message, StringComparison.Ordinal);
        Assert.Contains("customers", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(FilePath)));
    }

    [Fact]
    public void A_first_start_that_stopped_before_its_first_schema_step_finished_starts_again()
    {
        // What HitBot leaves when it stops inside its very first schema step: its own collections, no document, version 0.
        using (var raw = new LiteDatabase(new ConnectionString { Filename = FilePath, Connection = ConnectionType.Direct }))
            raw.GetCollection(DirectoryStore.People).EnsureIndex("Email", "$.Email", unique: true);

        using var db = Open();

        Assert.Equal(Migrations.Current, db.SchemaVersion);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow CI disk: the OS temp cleaner takes it */ }
    }
}
