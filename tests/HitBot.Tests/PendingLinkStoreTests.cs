using System.Text.Json;
using HitBot.Core.Directory;
using HitBot.Core.Erasure;
using HitBot.Core.Messaging;
using HitBot.Core.Storage;
using HitBot.Teams;
using HitBot.Tests.Infrastructure;
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

    /// <summary>
    /// A Teams user HitBot could not link yet (Teams throttled it) waits in this queue with their roster e-mail and chat id
    /// for up to a day. Erasing them left both there after the erasure reported them forgotten.
    /// </summary>
    [Fact]
    public async Task Erasing_a_person_takes_them_out_of_the_link_later_queue_and_leaves_everyone_else()
    {
        await using var teams = await TeamsTestApp.StartAsync();
        teams.App.Get<RosterImport>().Import(new StringReader("name,email,role\nZelda Quill,zelda@example.org,tutor\nAmir Khan,amir@example.org,tutor\n"), false);
        var zelda = teams.App.Get<DirectoryStore>().FindByEmail("zelda@example.org")!;
        var linked = teams.App.Get<PeopleDirectory>().Link(Teams("29:zelda-linked"), "zelda@example.org")!;
        var queue = teams.App.Get<PendingLinkStore>();
        var now = teams.App.Time.GetUtcNow().UtcDateTime;
        PendingLink Waiting(string userId, string? email) =>
            new() { Id = Teams(userId).PersonKey(), Address = Teams(userId), ConversationId = "a:" + userId, Email = email, DueAt = now.AddHours(1), QueuedAt = now };
        queue.TryAdd(Waiting("29:zelda-install", "zelda@example.org")); // her proactive install, waiting to be linked by her e-mail
        queue.TryAdd(Waiting("29:zelda-linked", null));                 // her known chat, queued again
        queue.TryAdd(Waiting("29:amir", "amir@example.org"));

        teams.App.Get<PersonErasure>().Erase(zelda.Id);

        var left = queue.Due(now.AddDays(1));
        Assert.Equal(["amir@example.org"], left.Select(l => l.Email));
        Assert.Equal(zelda.Id, linked.Id);
    }

    static ChannelAddress Teams(string userId) => new()
    {
        Channel = ChannelKind.Teams, UserId = userId, ConversationId = "a:" + userId, ServiceUrl = "http://127.0.0.1:9/", TenantId = TeamsActivities.TenantId, BotId = TeamsActivities.BotId,
    };

    public void Dispose()
    {
        try { System.IO.Directory.Delete(folder, recursive: true); }
        catch (IOException) { /* the OS temp cleaner takes what a slow disk kept open */ }
    }
}
