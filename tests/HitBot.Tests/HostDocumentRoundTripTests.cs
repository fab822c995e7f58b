using System.Text.Json;
using System.Text.RegularExpressions;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using HitBot.Dashboard;
using HitBot.Teams;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>
/// The documents the host and the channel adapters store beside Core's (Core's own are in HitBot.Core.Tests'
/// StoredDocumentRoundTripTests): each comes back from a reopened file as it went in, and one stored by a new collection
/// in src/HitBot, src/HitBot.Teams or src/HitBot.Slack without a sample here fails by name.
/// </summary>
public sealed partial class HostDocumentRoundTripTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
    static readonly DateTime T0 = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    HitBotDb Open()
    {
        System.IO.Directory.CreateDirectory(folder);
        return new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "hitbot.db") }));
    }

    static readonly Dictionary<string, Func<HostDocumentRoundTripTests, (string Saved, string Loaded)>> Samples = new(StringComparer.Ordinal)
    {
        [nameof(DashboardSessionRow)] = t => t.RoundTrip(DashboardSessions.Collection, new DashboardSessionRow
        {
            Id = "session-1", CredentialHash = "3f2a", PersonId = "p1", CreatedAt = new DateTimeOffset(T0), LastSeenAt = new DateTimeOffset(T0.AddHours(2)),
        }),
        [nameof(PendingLink)] = t => t.RoundTrip(PendingLinkStore.Collection, new PendingLink
        {
            Id = "teams:29:abc",
            Address = new ChannelAddress
            {
                Channel = ChannelKind.Teams, UserId = "29:abc", ConversationId = "a:chat", ServiceUrl = "http://127.0.0.1:9/amer/",
                TenantId = "t1", AadObjectId = "aad", BotId = "28:bot", DisplayName = "Maya",
            },
            ConversationId = "a:chat", Email = "maya@example.org", Welcome = true, Attempts = 3, DueAt = T0.AddSeconds(7), QueuedAt = T0,
        }),
    };

    public static TheoryData<string> SampleTypes => [.. Samples.Keys];

    [Theory]
    [MemberData(nameof(SampleTypes))]
    public void A_document_the_host_stores_comes_back_from_the_reopened_file_exactly_as_it_went_in(string type)
    {
        var (saved, loaded) = Samples[type](this);

        Assert.Equal(saved, loaded);
    }

    [Fact]
    public void Every_document_type_the_host_and_adapters_store_has_a_sample()
    {
        var stored = HostStoredTypes();

        Assert.Equal([nameof(DashboardSessionRow), nameof(PendingLink)], stored.Order(StringComparer.Ordinal).Intersect(Samples.Keys));
        var withoutSample = stored.Except(Samples.Keys).ToList();
        Assert.True(withoutSample.Count == 0, $"Stored in LiteDB but without a round-trip sample here: {string.Join(", ", withoutSample)}");
    }

    (string, string) RoundTrip<T>(string collection, T sample)
    {
        using (var db = Open()) db.Collection<T>(collection).Insert(sample);
        using var reopened = Open();
        return (JsonSerializer.Serialize(sample), JsonSerializer.Serialize(reopened.Collection<T>(collection).FindAll().Single()));
    }

    static readonly string[] HostProjects = ["HitBot", "HitBot.Teams", "HitBot.Slack"];

    /// <summary>The types given to <c>Collection&lt;T&gt;</c> in the host's and the adapters' sources (typed collections only).</summary>
    static HashSet<string> HostStoredTypes()
    {
        var src = FindSrc();
        return [.. HostProjects
            .SelectMany(project => System.IO.Directory.EnumerateFiles(Path.Combine(src, project), "*.cs", SearchOption.AllDirectories))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => TypedCollection().Matches(File.ReadAllText(path)).Select(m => m.Groups["type"].Value.Split('.')[^1]))
            .Where(type => type != "BsonDocument")];
    }

    [GeneratedRegex(@"\.(?:Get)?Collection<(?<type>[A-Za-z_][\w.]*)>\(")]
    private static partial Regex TypedCollection();

    static string FindSrc()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (System.IO.Directory.Exists(Path.Combine(dir.FullName, "src", "HitBot.Core")))
                return Path.Combine(dir.FullName, "src");
        throw new InvalidOperationException("The repository's src folder was not found above the test binaries.");
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* a file still open on a slow CI disk: the OS temp cleaner takes it */ }
    }
}
