using HitBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Tests.Storage;

public sealed class DatabaseLockTests : IDisposable
{
    readonly TempDb temp = new();

    [Fact]
    public void A_second_hitbot_on_the_same_file_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<DatabaseInUseException>(() =>
            new HitBotDb(Options.Create(new StorageOptions { Path = temp.FilePath })));

        Assert.Contains("in use by another HitBot process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_file_opens_again_once_the_first_hitbot_has_stopped()
    {
        temp.Db.Dispose();

        using var again = new HitBotDb(Options.Create(new StorageOptions { Path = temp.FilePath }));

        Assert.Equal(Migrations.Current, again.SchemaVersion);
    }

    [Fact]
    public void A_lock_file_the_system_refuses_for_another_reason_is_not_called_another_HitBot()
    {
        // A read-only or full disk refuses the lock file with an I/O error of its own, and HitBot said "in use by another
        // HitBot process. Stop the running HitBot first", sending the operator after a process that does not exist. A name
        // one character too long for a lock file beside it stands in for such a disk here, as root, running the tests, is
        // refused nothing else.
        var path = Path.Combine(temp.Folder, "hitbot" + new string('a', 243) + ".db");

        var error = Assert.Throws<DatabaseFolderException>(() => new HitBotDb(Options.Create(new StorageOptions { Path = path })));

        Assert.DoesNotContain("another HitBot", error.Message, StringComparison.Ordinal);
        Assert.Contains("HitBot:Storage:Path", error.Message, StringComparison.Ordinal);
        Assert.Contains("too long", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
