using System.Text.Json;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using HitBot.Teams;
using Microsoft.Extensions.Options;

namespace HitBot.Tests;

/// <summary>The Teams "link later" queue is a LiteDB collection: what is queued survives a restart.</summary>
public sealed class PendingLinkStoreTests : IDisposable
{
    readonly string folder = Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));

    HitBotDb Open()
    {
        System.IO.Directory.CreateDirectory(folder);
        return new HitBotDb(Options.Create(new StorageOptions { Path = Path.Combine(folder, "hitbot.db") }));
    }

    [Fact]
    public void A_queued_link_round_trips_and_a_second_one_for_the_same_user_keeps_the_first()
    {
        var address = new ChannelAddress
        {
            Channel = ChannelKind.Teams, UserId = "29:abc", ConversationId = "a:chat", ServiceUrl = "https://smba.trafficmanager.net/amer/",
            TenantId = "t1", AadObjectId = "aad", BotId = "28:bot",
        };
        var link = new PendingLink
        {
            Id = address.PersonKey(), Address = address, ConversationId = "a:chat", Email = "maya@example.org", Welcome = true, Attempts = 3,
            DueAt = new DateTime(2026, 3, 2, 14, 0, 7, DateTimeKind.Utc), QueuedAt = new DateTime(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc),
        };
        using (var db = Open())
        {
            new PendingLinkStore(db).TryAdd(link);
            Assert.False(new PendingLinkStore(db).TryAdd(link with { Attempts = 1 }));
        }

        using var reopened = Open();
        var back = Assert.Single(new PendingLinkStore(reopened).Due(link.DueAt));

        Assert.Equal(JsonSerializer.Serialize(link), JsonSerializer.Serialize(back));
        Assert.Equal(DateTimeKind.Utc, back.DueAt.Kind);
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what a slow disk kept open */ }
    }
}
