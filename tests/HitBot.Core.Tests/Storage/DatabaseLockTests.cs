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

    public void Dispose() => temp.Dispose();
}
