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

    /// <summary>
    /// Ann's card of three reminders waits to be tried again when the central team hands one of its items to Carmen, and
    /// HitBot stops before one of that change's commits, each in turn. The card is rewritten in place, one write to its row
    /// under its own key, never withdrawn and queued again: after the restart Ann has that one card, with her two other
    /// items on it, and the next look queues nothing more for her. Stopped before the rewrite, it goes as it was, the
    /// handed item still on it, as before; never without her other items, never with a second card of them.
    /// </summary>
    [Fact]
    public void A_hand_over_stopped_anywhere_leaves_the_former_owner_one_card_with_their_other_items()
    {
        var now = new DateTime(2026, 3, 17, 14, 0, 0, DateTimeKind.Utc); // Tuesday 09:00 in Chicago: the day-before reminders
        for (var commit = 0; ; commit++)
        {
            using var temp = new TempDb();
            var clock = new FakeTimeProvider(now); // a fresh clock for each run: a fake one never goes back
            Plan(temp);
            new DirectoryStore(temp.Db).Save(new Person { Id = "carmen", Name = "carmen", Email = "carmen@example.org", Roles = [Roles.SiteChampion] }
                .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:carmen", ConversationId = "a:carmen" }, clock.GetUtcNow()));
            var before = ActionRemindersUnderTest.On(temp, clock);
            before.Reminders.Look(now);
            var card = Assert.Single(before.Outbox.ClaimDue(now, 10));
            before.Outbox.MarkFailed(card, "Teams is down", now.AddMinutes(5));
            clock.SetUtcNow(now.AddMinutes(2));

            var stopped = temp.StopsBeforeCommit(commit, () => ActionRemindersUnderTest.On(temp, clock).Changes.Edit("i2", new ItemEdit(OwnerId: "carmen")));
            var after = ActionRemindersUnderTest.On(temp, clock);
            after.Reminders.Look(now.AddMinutes(5));

            var anns = after.Outbox.WithKeyPrefix("reminder").Where(d => d.PersonId == "ann").ToList();
            Assert.True(anns.Count == 1, $"stopped before commit {commit}: {string.Join(", ", anns.Select(d => d.Id))}");
            Assert.Equal((card.Id, DeliveryState.Failed), (anns[0].Id, anns[0].State));
            Assert.Equal(["i1", "i3"], anns[0].Items!.Where(id => id != "i2"));
            if (stopped) continue;
            Assert.Equal(["i1", "i3"], anns[0].Items);
            break;
        }
    }
}
