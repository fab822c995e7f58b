using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>
/// A look that puts several items on one card (an owner's reminders, a reader's escalations), stopped before any of its
/// commits and run again after the restart: each person gets that card once, and no card of some of its items besides.
/// </summary>
public sealed class ActionReminderCrashTests
{
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));

    static readonly DateTime Created = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Ann owns three items due Wednesday 18 March, made on 1 March; Boss is the central team.</summary>
    void Plan(TempDb temp, Func<ActionItem, ActionItem>? change = null)
    {
        var directory = new DirectoryStore(temp.Db);
        foreach (var (id, role) in new[] { ("ann", Roles.SiteChampion), ("boss", Roles.CentralTeam) })
            directory.Save(new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role] }
                .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, time.GetUtcNow()));
        var store = new ActionPlanStore(temp.Db);
        foreach (var id in new[] { "i1", "i2", "i3" })
        {
            var item = new ActionItem
            {
                Id = id, Title = "Step " + id, OwnerId = "ann", DueDate = new DateOnly(2026, 3, 18),
                CreatedAt = Created, UpdatedAt = Created,
            };
            store.Save(change?.Invoke(item) ?? item);
        }
    }

    [Theory]
    [InlineData("reminders")]
    [InlineData("escalations")]
    public void A_card_of_several_items_stopped_anywhere_goes_once_and_none_of_its_items_goes_again_alone(string cards)
    {
        // Tuesday 17 March 09:00 in Chicago: the day-before reminders are due; Friday 27 March: nine days overdue.
        var now = cards == "escalations" ? new DateTime(2026, 3, 27, 14, 0, 0, DateTimeKind.Utc) : new DateTime(2026, 3, 17, 14, 0, 0, DateTimeKind.Utc);
        time.SetUtcNow(now);
        var prefix = cards == "escalations" ? "escalation" : "reminder";

        for (var commit = 0; ; commit++)
        {
            using var temp = new TempDb();
            Plan(temp, cards == "escalations" ? i => i with { RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) } : null);

            var stopped = temp.StopsBeforeCommit(commit, () => ActionRemindersUnderTest.On(temp, time).Reminders.Look(now));
            ActionRemindersUnderTest.On(temp, time).Reminders.Look(now);
            ActionRemindersUnderTest.On(temp, time).Reminders.Look(now.AddMinutes(5));

            var sent = new OutboxStore(temp.Db, new OutboxSignal()).WithKeyPrefix(prefix);
            Assert.True(sent.Count == 1, $"stopped before commit {commit}: {string.Join(", ", sent.Select(d => d.Id))}");
            Assert.Equal(["i1", "i2", "i3"], sent[0].Items);
            if (!stopped) break;
        }
    }
}
