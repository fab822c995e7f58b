using System.Security.Cryptography;
using HitBot.Core.Directory;
using HitBot.Core.Storage;
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

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow CI disk: the OS temp cleaner takes it */ }
    }
}
