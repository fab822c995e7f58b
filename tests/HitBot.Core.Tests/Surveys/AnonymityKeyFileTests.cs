using HitBot.Core.Surveys;

namespace HitBot.Core.Tests.Surveys;

/// <summary>The key that keeps anonymous answers and feedback anonymous lives in a file of its own, next to the database.</summary>
public sealed class AnonymityKeyFileTests : IDisposable
{
    readonly TempDb temp = new();

    /// <summary>
    /// Anyone who can read the key file and the database can tell who gave each anonymous answer, so the file HitBot
    /// makes is readable by HitBot's own account only, whatever the server's default for new files.
    /// </summary>
    [Fact]
    public void The_key_file_HitBot_makes_is_readable_and_writable_by_its_own_account_only()
    {
        if (OperatingSystem.IsWindows()) return;
        var key = temp.AnonymityKey();

        _ = key.Value;

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key.FilePath));
    }

    /// <summary>
    /// A database an older HitBot kept its key in, started beside a key file from another copy of the data: taking either
    /// key would lose, for good, which answer each person gave. HitBot stops, and changes neither the file nor the database.
    /// </summary>
    [Fact]
    public void A_key_file_that_is_not_the_databases_own_key_stops_HitBot_and_changes_nothing()
    {
        var inDatabase = Enumerable.Repeat((byte)7, 32).ToArray();
        var inFile = Enumerable.Repeat((byte)9, 32).ToArray();
        temp.Db.Collection<LegacySecret>("secrets").Insert(new LegacySecret { Id = "survey-respondent-key", Value = inDatabase });
        var key = temp.AnonymityKey();
        File.WriteAllBytes(key.FilePath, inFile);

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => key.Value);

        Assert.Contains("HitBot:Surveys:AnonymityKeyPath", refused.Message, StringComparison.Ordinal);
        Assert.Equal(inFile, File.ReadAllBytes(key.FilePath));
        Assert.Equal(inDatabase, temp.Db.Collection<LegacySecret>("secrets").FindById("survey-respondent-key")?.Value);
    }

    /// <summary>
    /// An older HitBot kept the key inside the database: it moves out to the key file unchanged, so people who answered an
    /// anonymous run before the upgrade are still recognised (one answer each), and the database keeps no copy.
    /// </summary>
    [Fact]
    public void The_key_an_older_HitBot_kept_in_the_database_moves_to_the_key_file_unchanged()
    {
        var inDatabase = Enumerable.Repeat((byte)7, 32).ToArray();
        temp.Db.Collection<LegacySecret>("secrets").Insert(new LegacySecret { Id = "survey-respondent-key", Value = inDatabase });
        var key = temp.AnonymityKey();

        Assert.True(key.MoveOutOfDatabase());

        Assert.Equal(inDatabase, key.Value);
        Assert.Equal(inDatabase, File.ReadAllBytes(key.FilePath));
        Assert.Null(temp.Db.Collection<LegacySecret>("secrets").FindById("survey-respondent-key"));
    }

    /// <summary>
    /// A key file cut short (a failed copy, an empty file from a restore) is not HitBot's key: used anyway, everyone who had
    /// answered an open anonymous run could answer again and be counted twice. HitBot stops and says to restore it.
    /// </summary>
    [Fact]
    public void A_key_file_of_the_wrong_length_stops_HitBot_and_says_to_restore_it()
    {
        var key = temp.AnonymityKey();
        File.WriteAllBytes(key.FilePath, [1, 2, 3, 4, 5]);

        var refused = Assert.Throws<InvalidOperationException>(() => key.Value);

        Assert.Contains("restore it from the backup", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>The shape an older HitBot stored its key in.</summary>
    sealed record LegacySecret
    {
        public string Id { get; init; } = "";
        public byte[] Value { get; init; } = [];
    }

    public void Dispose() => temp.Dispose();
}
