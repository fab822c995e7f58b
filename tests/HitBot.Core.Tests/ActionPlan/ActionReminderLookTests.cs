using HitBot.Core.ActionPlan;
using HitBot.Core.Calendar;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>
/// One look of the reminder loop over a real file: which reminder is due now, for whom, and what waits. The slots
/// themselves are <see cref="ReminderScheduleTests"/>; this is when one of them is actually queued.
/// </summary>
public sealed class ActionReminderLookTests : IDisposable
{
    readonly TempDb temp = new();
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    readonly DirectoryStore directory;
    readonly ActionPlanStore store;
    readonly OutboxStore outbox;
    readonly ActionReminders reminders;
    readonly ActionItemChanges changes;
    readonly ProgramCalendar calendar;

    public ActionReminderLookTests()
    {
        directory = new DirectoryStore(temp.Db);
        (reminders, changes, store, outbox, calendar) = ActionRemindersUnderTest.On(temp, time, directory);
        Person("ann", Roles.SiteChampion);
        Person("boss", Roles.CentralTeam);
    }

    void Person(string id, string role, Func<Person, Person>? also = null)
    {
        var person = new Person { Id = id, Name = id, Email = id + "@example.org", Roles = [role] }
            .WithIdentity(new ChannelAddress { Channel = ChannelKind.Teams, UserId = "29:" + id, ConversationId = "a:" + id }, time.GetUtcNow());
        directory.Save(also?.Invoke(person) ?? person);
    }

    /// <summary>Ann's item, due Wednesday 18 March, created on 1 March.</summary>
    ActionItem Item(Func<ActionItem, ActionItem>? change = null)
    {
        var item = new ActionItem
        {
            Id = "i1", Title = "Recruit tutors", OwnerId = "ann", DueDate = new DateOnly(2026, 3, 18),
            CreatedAt = time.GetUtcNow().UtcDateTime, UpdatedAt = time.GetUtcNow().UtcDateTime,
        };
        item = change?.Invoke(item) ?? item;
        store.Save(item);
        return item;
    }

    /// <summary>What the dispatcher would send now (the central team member's cards at 09:00 in Chicago), written down as sent.</summary>
    void SendWhatIsDue()
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var claimed in outbox.ClaimDue(now, 100)) outbox.MarkSent(claimed, new SentMessage("c-" + claimed.PersonId, "m"), now);
    }

    List<string> RemindersSent() => [.. outbox.ForCampaign("reminder:i1").Select(d => d.Id)];

    void LookAt(int month, int day, int hour, int minute = 0)
    {
        time.SetUtcNow(new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.Zero));
        reminders.Look(time.GetUtcNow().UtcDateTime);
    }

    [Fact]
    public void After_downtime_a_meeting_that_took_place_meanwhile_gets_no_reminder_and_the_next_one_gets_its_own()
    {
        // Ann's data reflection meeting, every Thursday from 19 March, reminded the day before and on the day.
        store.Save(new ActionItem
        {
            Id = "reflection", Title = "Conduct Regular Data Reflection Meetings", OwnerId = "ann", DueDate = new DateOnly(2026, 3, 19),
            Repeat = new ItemRepeat { EveryWeeks = 1, Day = DayOfWeek.Thursday }, CreatedAt = time.GetUtcNow().UtcDateTime,
        });
        LookAt(3, 16, 15); // Monday 10:00 in Chicago: the meeting of the 19th is made
        var first = Assert.Single(store.All(), i => i.SeriesId == "reflection");

        // HitBot is down from Tuesday until the next Monday, 10:00: Thursday's meeting took place meanwhile.
        LookAt(3, 23, 15);
        LookAt(3, 25, 14); // Wednesday 09:00: the day before the meeting of the 26th

        // Ann is not told on Monday of a meeting that was last Thursday (a meeting that passed is not chased); the next
        // meeting's own reminder comes.
        var sent = outbox.ForCampaign("reminder:" + first.Id).Concat(store.All().Where(i => i.SeriesId == "reflection" && i.Id != first.Id)
            .SelectMany(i => outbox.ForCampaign("reminder:" + i.Id))).Select(d => d.Id).ToList();
        Assert.Equal([$"reminder:{store.All().Single(i => i.SeriesId == "reflection" && i.DueDate == new DateOnly(2026, 3, 26)).Id}:before1-2026-03-26:ann"], sent);
    }

    [Fact]
    public void After_downtime_only_the_latest_missed_reminder_goes_and_looking_again_sends_nothing_twice()
    {
        Item();

        LookAt(3, 17, 14); // Tuesday 09:00 in Chicago: the week-before slot was missed, the day-before one is due
        LookAt(3, 17, 14, 5);

        Assert.Equal(["reminder:i1:before1-2026-03-18:ann"], RemindersSent());
    }

    [Fact]
    public void An_item_handed_on_the_due_morning_to_an_owner_further_west_reaches_them_at_the_start_of_their_day()
    {
        Person("lee", Roles.SiteChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Item(i => i with { RemindedThrough = new DateTime(2026, 3, 17, 14, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 18, 14); // 09:00 in Chicago: Ann's due-day reminder

        time.SetUtcNow(new DateTimeOffset(2026, 3, 18, 15, 0, 0, TimeSpan.Zero));
        changes.Edit("i1", new ItemEdit(OwnerId: "lee"));
        LookAt(3, 18, 16); // 09:00 in Los Angeles, where Lee works

        Assert.Equal(["ann", "lee"], outbox.ForCampaign("reminder:i1").Select(d => d.PersonId).Order());
    }

    [Fact]
    public void A_reminder_due_after_working_hours_waits_for_the_owners_next_morning()
    {
        Item(i => i with { RemindedThrough = new DateTime(2026, 3, 17, 14, 0, 0, DateTimeKind.Utc) });

        LookAt(3, 18, 23, 30); // 18:30 in Chicago: the due-day slot (09:00) was missed and the working day is over
        LookAt(3, 19, 13, 55); // 08:55 the next morning
        var beforeNine = RemindersSent().Count;
        LookAt(3, 19, 14);

        Assert.Equal(0, beforeNine);
        Assert.Equal(["reminder:i1:due-2026-03-18:ann"], RemindersSent());
    }

    [Fact]
    public void A_blocked_item_is_not_chased_with_its_owner_it_goes_to_the_central_team_once()
    {
        Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });

        LookAt(3, 17, 14);
        LookAt(3, 17, 15);

        Assert.Empty(RemindersSent());
        Assert.Equal(["boss"], outbox.ForCampaign("escalation:i1").Select(d => d.PersonId));
    }

    [Fact]
    public void An_escalation_found_in_the_programs_morning_waits_for_the_start_of_the_working_day_of_an_executive_champion_in_Los_Angeles()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });

        // Tuesday 17 March, 09:00 in Chicago (CDT), 07:00 in Los Angeles (PDT).
        LookAt(3, 17, 14);

        var due = outbox.ForCampaign("escalation:i1").ToDictionary(d => d.PersonId!, d => d.DueAt);
        Assert.Equal(new DateTime(2026, 3, 17, 14, 0, 0, DateTimeKind.Utc), due["boss"]);
        // 09:00 in Los Angeles.
        Assert.Equal(new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc), due["far"]);
    }

    [Fact]
    public void Someone_who_joins_the_central_team_after_an_item_was_escalated_is_not_sent_the_old_escalations_at_once()
    {
        Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 17, 14);

        Person("newcomer", Roles.CentralTeam);
        LookAt(3, 17, 15);

        Assert.Equal(["boss"], outbox.ForCampaign("escalation:i1").Select(d => d.PersonId));
        Assert.NotNull(store.Find("i1")?.EscalatedFor);
    }

    [Fact]
    public void An_item_overdue_by_more_than_a_week_is_escalated_and_one_overdue_by_a_week_is_not()
    {
        Item(i => i with { RemindedThrough = new DateTime(2026, 3, 30, 0, 0, 0, DateTimeKind.Utc) });

        LookAt(3, 25, 15); // seven days overdue
        var atAWeek = outbox.ForCampaign("escalation:i1").Count;
        LookAt(3, 26, 15); // eight

        Assert.Equal(0, atAWeek);
        Assert.Equal("escalation:i1:overdue:2026-03-18:boss", Assert.Single(outbox.ForCampaign("escalation:i1")).Id);
    }

    [Fact]
    public void An_owner_who_said_stop_still_gets_reminders_but_one_who_left_the_program_does_not()
    {
        Person("ann", Roles.SiteChampion, p => p with { OptedOut = true });
        Item();
        LookAt(3, 17, 14);
        var whileOptedOut = RemindersSent().Count;
        Person("ann", Roles.SiteChampion, p => p with { Inactive = true });

        LookAt(3, 18, 14);

        Assert.Equal(1, whileOptedOut);
        Assert.Single(RemindersSent());
    }

    [Fact]
    public void An_item_whose_reminders_cannot_be_worked_out_does_not_stop_the_other_items_reminders()
    {
        Item();
        // Saved before dates were checked where they are typed: "a week before" 1 January of year 1 does not exist.
        Item(i => i with { Id = "i0", Title = "Typo in the year", DueDate = new DateOnly(1, 1, 1) });

        LookAt(3, 17, 14); // Tuesday 09:00 in Chicago: i1's day-before reminder is due

        Assert.Equal(["reminder:i1:before1-2026-03-18:ann"], RemindersSent());
    }

    [Fact]
    public void An_owner_who_unblocks_an_item_is_not_sent_at_once_the_reminder_that_passed_while_it_was_blocked()
    {
        Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 9, 15, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 11, 14); // Wednesday 09:00 in Chicago: the week-before slot, passed over while blocked

        time.SetUtcNow(new DateTimeOffset(2026, 3, 12, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.InProgress, null, "ann");
        LookAt(3, 12, 15, 5);
        var rightAfter = RemindersSent().Count;
        LookAt(3, 17, 14); // the day-before slot

        Assert.Equal(0, rightAfter);
        Assert.Equal(["reminder:i1:before1-2026-03-18:ann"], RemindersSent());
    }

    [Fact]
    public void An_item_blocked_before_it_had_a_due_date_reaches_the_executive_champion_as_its_owner_was_told()
    {
        Person("erin", Roles.ExecutiveChampion);
        Item(i => i with { DueDate = null });
        time.SetUtcNow(new DateTimeOffset(2026, 3, 16, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.Blocked, "No budget code yet", "ann");

        LookAt(3, 16, 15, 5);
        LookAt(3, 17, 15);

        Assert.Equal(["boss", "erin"], outbox.ForCampaign("escalation:i1").Select(d => d.PersonId).Order());
    }

    [Fact]
    public void The_escalation_of_an_item_whose_owner_left_the_program_says_so_as_the_digest_does()
    {
        Item();
        Person("ann", Roles.SiteChampion, p => p with { Inactive = true });

        LookAt(3, 26, 15); // eight days overdue

        var card = MessageJson.Deserialize(Assert.Single(outbox.ForCampaign("escalation:i1")).MessageJson).Card;
        Assert.Contains("its owner is **ann (left the program)**", card.Body.OfType<TextBlock>().First().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void The_escalation_of_an_item_the_central_team_blocked_does_not_say_the_owner_blocked_it_nor_that_reminders_go_on()
    {
        Item();
        time.SetUtcNow(new DateTimeOffset(2026, 3, 16, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.Blocked, "Rooms booked for testing", "boss");

        LookAt(3, 16, 15, 5);

        var card = MessageJson.Deserialize(Assert.Single(outbox.ForCampaign("escalation:i1")).MessageJson).Card;
        var text = string.Join("\n", card.Body.OfType<TextBlock>().Select(t => t.Markdown));
        Assert.DoesNotContain("ann** marked", text, StringComparison.Ordinal);
        Assert.Contains("Rooms booked for testing", text, StringComparison.Ordinal);
        Assert.DoesNotContain("reminders as usual", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_digest_lists_an_item_whose_owner_left_the_program_with_those_that_need_an_owner()
    {
        Item();
        Person("ann", Roles.SiteChampion, p => p with { Inactive = true });

        var digest = reminders.CurrentDigest();

        var line = Assert.Single(digest.NoOwner);
        Assert.Equal(("i1", "ann (left the program)"), (line.Id, line.Owner));
    }

    [Fact]
    public void An_owner_who_left_the_program_can_no_longer_change_the_item_from_an_old_card()
    {
        Item();
        Person("ann", Roles.SiteChampion, p => p with { Inactive = true });

        var result = changes.SetStatus("i1", ItemStatus.Done, null, "ann");

        Assert.Equal(ChangeOutcome.NotAllowed, result.Outcome);
        Assert.Equal(ItemStatus.NotStarted, store.Find("i1")?.Status);
    }

    [Fact]
    public void A_champion_who_blocks_their_own_item_is_not_sent_its_escalation_the_central_team_is()
    {
        Person("erin", Roles.ExecutiveChampion);
        Item(i => i with { OwnerId = "erin", Status = ItemStatus.Blocked, BlockedReason = "Board vote", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });

        LookAt(3, 17, 14);

        Assert.Equal(["boss"], outbox.ForCampaign("escalation:i1").Select(d => d.PersonId));
    }

    [Fact]
    public void A_repeating_meeting_that_falls_in_the_summer_break_is_not_made_so_nobody_is_reminded_of_it_on_the_first_morning_back()
    {
        calendar.SaveAll([new CalendarEntry
        {
            Id = "summer", Name = "Summer break", Kind = CalendarKind.Break, First = new DateOnly(2026, 6, 15), Last = new DateOnly(2026, 8, 28),
        }]);
        Item(i => i with { Id = "reflection", DueDate = new DateOnly(2026, 6, 4), Repeat = new ItemRepeat { EveryWeeks = 2, Day = DayOfWeek.Thursday } });

        for (var day = new DateOnly(2026, 6, 1); day <= new DateOnly(2026, 8, 31); day = day.AddDays(1))
            LookAt(day.Month, day.Day, 14); // 09:00 in Chicago, every day of the summer
        var firstDayBack = outbox.ForCampaign("reminder:reflection-20260827");

        Assert.Empty(firstDayBack);
        Assert.Equal([new DateOnly(2026, 6, 4), new DateOnly(2026, 9, 10)],
            store.All().Where(i => i.SeriesId == "reflection").Select(i => i.DueDate!.Value).Order());
    }

    [Fact]
    public void After_a_break_an_owner_with_four_items_due_gets_one_card_listing_them_soonest_first_not_four()
    {
        calendar.SaveAll([new CalendarEntry
        {
            Id = "spring", Name = "Spring break", Kind = CalendarKind.Break, First = new DateOnly(2026, 3, 16), Last = new DateOnly(2026, 3, 20),
        }]);
        foreach (var (id, title, day) in new[] { ("i1", "Recruit tutors", 18), ("i2", "Book rooms", 17), ("i3", "Train tutors", 19), ("i4", "Order books", 20) })
            Item(i => i with { Id = id, Title = title, DueDate = new DateOnly(2026, 3, day) });

        for (var day = 16; day <= 23; day++) LookAt(3, day, 14); // 09:00 in Chicago every day of the break and the Monday after
        LookAt(3, 23, 15);

        var sent = outbox.WithKeyPrefix("reminder").Where(d => d.PersonId == "ann").ToList();
        var card = Assert.Single(sent);
        Assert.Equal(["i2", "i1", "i3", "i4"], card.Items);
        var message = MessageJson.Deserialize(card.MessageJson);
        Assert.Equal("Reminder: 4 action items need a look", message.Summary);
        var text = string.Join("\n", message.Card.Body.OfType<TextBlock>().Select(t => t.Markdown));
        Assert.Contains("4 of them overdue", text);
        Assert.True(text.IndexOf("Book rooms", StringComparison.Ordinal) < text.IndexOf("Order books", StringComparison.Ordinal), text);
        Assert.Equal(["Update: Book rooms", "Update: Recruit tutors", "Update: Train tutors", "Update: Order books"],
            message.Card.Actions.Select(a => a.Title));
        LookAt(3, 23, 20); // that afternoon: each item was written down as reminded, so nothing goes again
        Assert.Single(outbox.WithKeyPrefix("reminder"));
    }

    /// <summary>
    /// Ann's card of three reminders meets a Teams outage and waits to be tried again; meanwhile the central team hands one
    /// of its items to Carmen. Once Teams was back the card went to Ann as it was, naming the item she no longer held, with a
    /// button that refused her. It now goes without it, as the same row (nothing else is queued for her), and Carmen is
    /// reminded of the item at her own next slot.
    /// </summary>
    [Fact]
    public void A_card_of_several_reminders_waiting_for_a_retry_no_longer_names_the_item_handed_to_someone_else()
    {
        Person("carmen", Roles.SiteChampion);
        foreach (var (id, title) in new[] { ("i1", "Recruit tutors"), ("i2", "Book rooms"), ("i3", "Train tutors") })
            Item(i => i with { Id = id, Title = title });
        LookAt(3, 17, 14); // Tuesday 09:00 in Chicago: the day-before reminders, on one card
        var card = Assert.Single(outbox.ClaimDue(time.GetUtcNow(), 10));
        outbox.MarkFailed(card, "Teams is down", time.GetUtcNow().AddMinutes(5));

        time.SetUtcNow(new DateTimeOffset(2026, 3, 17, 14, 2, 0, TimeSpan.Zero));
        Assert.Equal(ChangeOutcome.Changed, changes.Edit("i2", new ItemEdit(OwnerId: "carmen")).Outcome);
        var anns = outbox.WithKeyPrefix("reminder").Where(d => d.PersonId == "ann").ToList();
        LookAt(3, 18, 14); // the due day

        var waiting = Assert.Single(anns);
        Assert.Equal((card.Id, DeliveryState.Failed), (waiting.Id, waiting.State));
        Assert.Equal(["i1", "i3"], waiting.Items);
        var message = MessageJson.Deserialize(waiting.MessageJson);
        Assert.Equal("Reminder: 2 action items need a look", message.Summary);
        Assert.DoesNotContain("Book rooms", string.Join("\n", message.Card.Body.OfType<TextBlock>().Select(t => t.Markdown)), StringComparison.Ordinal);
        Assert.Equal(["Update: Recruit tutors", "Update: Train tutors"], message.Card.Actions.Select(a => a.Title));
        // Carmen's due-day reminder is also the card telling her the item is new for her: one card, not two.
        var carmens = Assert.Single(outbox.ForCampaign("reminder:i2"));
        Assert.StartsWith("reminder:i2:due-2026-03-18+new-owner-", carmens.Id, StringComparison.Ordinal);
        Assert.Equal(("carmen", "New for you: Book rooms"), (carmens.PersonId, MessageJson.Deserialize(carmens.MessageJson).Summary));
        Assert.Empty(outbox.ForCampaign(ActionReminders.NewOwnerCampaign("i2")));
    }

    /// <summary>
    /// Three items handed to Ann by one person the item history names: the card of one such item names its giver, and the
    /// card of the three said "the central team gave them to you", so Ann did not know whom to ask about them.
    /// </summary>
    [Fact]
    public void Several_new_items_all_given_by_one_known_person_name_them_on_the_one_card()
    {
        Person("lena", Roles.CentralTeam, p => p with { Name = "Lena Park" });
        var given = new DateTime(2026, 3, 2, 16, 0, 0, DateTimeKind.Utc); // Monday 10:00 in Chicago
        foreach (var (id, title) in new[] { ("i1", "Recruit tutors"), ("i2", "Book rooms"), ("i3", "Train tutors") })
            Item(i => i with { Id = id, Title = title, UntoldOwnerSince = given, History = [new ItemNote { PersonId = "lena", Text = "Owner: nobody → ann", At = given }] });

        LookAt(3, 3, 15); // Tuesday 09:00 in Chicago, Ann's next working morning

        var card = MessageJson.Deserialize(Assert.Single(outbox.WithKeyPrefix("reminders:ann")).MessageJson);
        Assert.Equal("New for you: 3 action items", card.Summary);
        Assert.Contains("**3 action items** are new for you: Lena Park gave them to you.", card.Card.Body.OfType<TextBlock>().First().Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_items_due_together_still_come_as_two_cards_with_their_own_buttons()
    {
        Item();
        Item(i => i with { Id = "i2", Title = "Book rooms" });

        LookAt(3, 17, 14);

        Assert.Equal(["reminder:i1:before1-2026-03-18:ann", "reminder:i2:before1-2026-03-18:ann"],
            outbox.WithKeyPrefix("reminder").Select(d => d.Id).Order());
    }

    [Fact]
    public void Items_that_pass_a_week_overdue_together_reach_each_reader_on_one_card_without_the_item_they_own_themselves()
    {
        Person("eve", Roles.ExecutiveChampion);
        foreach (var (id, owner) in new[] { ("i1", "ann"), ("i2", "ann"), ("i3", "ann"), ("i4", "eve") })
            Item(i => i with { Id = id, Title = "Step " + id, OwnerId = owner, RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });

        LookAt(3, 27, 14); // Friday 27 March, 9 days after they were all due on the 18th
        LookAt(3, 27, 15);

        Assert.Empty(outbox.WithKeyPrefix("escalation:"));
        var cards = outbox.ForCampaign(ActionReminders.EscalationsCampaign).ToDictionary(d => d.PersonId!, d => d);
        Assert.Equal(["i1", "i2", "i3", "i4"], cards["boss"].Items!.Order());
        Assert.Equal(["i1", "i2", "i3"], cards["eve"].Items!.Order());
        Assert.Equal(2, cards.Count);
        var card = MessageJson.Deserialize(cards["boss"].MessageJson);
        Assert.Equal("4 action items blocked or overdue", card.Summary);
        Assert.Contains(card.Card.Body.OfType<TextBlock>(), t => t.Markdown == "**Overdue: Step i4** (due Wed 18 Mar 2026; owner eve)");
        Assert.All(store.All(), i => Assert.Equal("overdue:2026-03-18", i.EscalatedFor));
    }

    /// <summary>
    /// A program that escalates after 3 days overdue (HitBot:ActionPlan:EscalateAfterDaysOverdue) had its central team told
    /// that items 5 days late were "overdue by more than a week"; the card says the program's own threshold.
    /// </summary>
    [Fact]
    public void Items_escalated_together_are_said_to_be_overdue_by_more_than_the_programs_own_threshold()
    {
        var (late, _, _, _, _) = ActionRemindersUnderTest.On(temp, time, directory, new ActionPlanOptions { EscalateAfterDaysOverdue = 3 });
        foreach (var id in new[] { "i1", "i2", "i3" })
            Item(i => i with { Id = id, Title = "Step " + id, RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });

        time.SetUtcNow(new DateTimeOffset(2026, 3, 23, 14, 0, 0, TimeSpan.Zero)); // Monday 23 March, 5 days after they were due
        late.Look(time.GetUtcNow().UtcDateTime);

        var card = MessageJson.Deserialize(Assert.Single(outbox.ForCampaign(ActionReminders.EscalationsCampaign)).MessageJson);
        Assert.Equal("**3 action items** need the central team: 3 overdue by more than 3 days.", card.Card.Body.OfType<TextBlock>().First().Markdown);
    }

    [Fact]
    public void An_escalation_still_waiting_for_a_readers_morning_is_not_sent_once_the_owner_marked_the_item_done()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 17, 14); // 09:00 in Chicago: the Los Angeles champion's card waits for 09:00 there (16:00 UTC)

        time.SetUtcNow(new DateTimeOffset(2026, 3, 17, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.Done, null, "ann");

        var far = Assert.Single(outbox.ForCampaign("escalation:i1"), d => d.PersonId == "far");
        Assert.Equal(DeliveryState.Cancelled, far.State);
        Assert.Contains("done", far.LastError, StringComparison.Ordinal);
    }

    /// <summary>
    /// An escalation is written when it is found and read when its reader opens it, often days later (found on Friday,
    /// read on Monday): it said "9 days overdue" on Monday, when the item was 12 days late. It names the due date instead.
    /// </summary>
    [Fact]
    public void An_escalation_read_days_after_it_was_written_names_the_due_date_not_a_count_of_days_that_went_stale()
    {
        Item();
        LookAt(3, 27, 14); // Friday 27 March: nine days after the 18th

        var card = MessageJson.Deserialize(Assert.Single(outbox.ForCampaign("escalation:i1")).MessageJson).Card;
        var text = string.Join("\n", card.Body.OfType<TextBlock>().Select(t => t.Markdown)
            .Concat(card.Body.OfType<FactList>().SelectMany(f => f.Facts).Select(f => f.Title + ": " + f.Value)));
        Assert.DoesNotContain("days", text, StringComparison.Ordinal);
        Assert.Contains("Due: Wed 18 Mar 2026 (overdue)", text, StringComparison.Ordinal);
        Assert.Contains("This item is **overdue**", text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_overdue_item_marked_in_progress_is_still_overdue_so_its_waiting_escalation_still_goes()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Item(i => i with { RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 26, 14); // eight days overdue, 09:00 in Chicago

        time.SetUtcNow(new DateTimeOffset(2026, 3, 26, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.InProgress, null, "ann");

        Assert.Equal(DeliveryState.Queued, Assert.Single(outbox.ForCampaign("escalation:i1"), d => d.PersonId == "far").State);
    }

    [Fact]
    public void A_waiting_card_of_several_escalations_is_withdrawn_once_none_of_its_items_needs_the_reader_any_more()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        foreach (var id in new[] { "i1", "i2", "i3" })
            Item(i => i with { Id = id, Title = "Step " + id, RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 27, 14); // Friday, nine days overdue: Far's card waits for 09:00 in Los Angeles
        Delivery FarsCard() => Assert.Single(outbox.ForCampaign(ActionReminders.EscalationsCampaign), d => d.PersonId == "far");

        time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.Done, null, "ann");
        changes.Edit("i2", new ItemEdit(DueDate: new DateOnly(2026, 4, 10), Note: "Moved after the board meeting"));
        var withOneLeft = FarsCard().State;
        changes.Archive("i3", true);

        Assert.Equal(DeliveryState.Queued, withOneLeft);
        Assert.Equal(DeliveryState.Cancelled, FarsCard().State);
    }

    [Fact]
    public void An_escalation_queued_while_the_owner_marked_the_item_done_is_withdrawn_as_the_look_writes_it_down()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        var blocked = Item(i => i with { Status = ItemStatus.Blocked, BlockedReason = "No rooms", StatusChangedAt = new DateTime(2026, 3, 16, 15, 0, 0, DateTimeKind.Utc) });
        var change = ActionItemChanges.EscalationChange(blocked);
        time.SetUtcNow(new DateTimeOffset(2026, 3, 17, 14, 0, 0, TimeSpan.Zero));
        // The look read the item blocked and queued Far's card for 09:00 in Los Angeles; the done came before it wrote the item down.
        outbox.TryEnqueue(Delivery.Send($"escalation:i1:{change}:far", "escalation:i1", "far", directory.Find("far")!.Identities[0],
            Message.Text("Blocked: Recruit tutors"), time.GetUtcNow()) with { DueAt = new DateTime(2026, 3, 17, 16, 0, 0, DateTimeKind.Utc) });
        changes.SetStatus("i1", ItemStatus.Done, null, "ann");

        changes.Escalated([("i1", change)]);

        Assert.Equal(DeliveryState.Cancelled, outbox.Find($"escalation:i1:{change}:far")?.State);
    }

    /// <summary>
    /// Marked done by mistake while the Los Angeles champion's card waited for their morning, the item was reopened minutes
    /// later: the card had been withdrawn, and the item stayed written down as escalated, so nobody sent it again and the
    /// champion never heard of an item nine days late. The central team member already had theirs: not a second one.
    /// </summary>
    [Fact]
    public void An_item_marked_done_by_mistake_and_reopened_reaches_the_reader_whose_waiting_card_was_withdrawn_and_nobody_twice()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Item(i => i with { RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 27, 14); // Friday, nine days overdue, 09:00 in Chicago: Far's card waits for 09:00 in Los Angeles
        SendWhatIsDue();

        time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 15, 0, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.Done, null, "ann");
        time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 15, 5, 0, TimeSpan.Zero));
        changes.SetStatus("i1", ItemStatus.InProgress, null, "ann");
        LookAt(3, 27, 15, 10);
        LookAt(3, 27, 15, 20);

        var far = outbox.ForCampaign("escalation:i1").Where(d => d.PersonId == "far").ToList();
        Assert.Equal([DeliveryState.Queued, DeliveryState.Cancelled], far.Select(d => d.State).Order());
        Assert.Equal(new DateTime(2026, 3, 27, 16, 0, 0, DateTimeKind.Utc), Assert.Single(far, d => d.State == DeliveryState.Queued).DueAt);
        Assert.Single(outbox.ForCampaign("escalation:i1"), d => d.PersonId == "boss");
    }

    /// <summary>
    /// Ann's item, nine days overdue, is escalated on Friday 27 March; the central team hands it to Carmen at 10:00, before
    /// Far's card has reached her in Los Angeles. Far's card was withdrawn, and the next look, five minutes later, sent her a
    /// new one: "overdue; its owner is Carmen", about someone who had held the item for minutes and had no reminder of it.
    /// Carmen now gets her reminder first, and the escalation naming her comes only once she has had the item more than the
    /// program's seven days, to every reader, as for any owner.
    /// </summary>
    [Fact]
    public void An_overdue_item_handed_to_someone_else_is_escalated_naming_them_only_after_they_have_had_it_the_programs_grace()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        Person("carmen", Roles.SiteChampion);
        Item(i => i with { RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 27, 14);
        SendWhatIsDue();

        time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 15, 0, 0, TimeSpan.Zero));
        Assert.Equal(ChangeOutcome.Changed, changes.Edit("i1", new ItemEdit(OwnerId: "carmen")).Outcome);
        LookAt(3, 27, 15, 10);
        LookAt(4, 3, 15); // Friday: Carmen has had it seven days
        SendWhatIsDue();
        var namingCarmen = outbox.ForCampaign("escalation:i1").Where(d => d.CreatedAt > new DateTime(2026, 3, 27, 15, 0, 0, DateTimeKind.Utc)).ToList();
        LookAt(4, 6, 15); // Monday: more than seven

        Assert.Empty(namingCarmen);
        Assert.Equal(DeliveryState.Cancelled, Assert.Single(outbox.ForCampaign("escalation:i1"), d => d.PersonId == "far" && d.CreatedAt.Day == 27).State);
        var carmens = Assert.Single(outbox.ForCampaign("reminder:i1"), d => d.PersonId == "carmen");
        Assert.Equal(DeliveryState.Sent, carmens.State);
        var escalated = outbox.ForCampaign("escalation:i1").Where(d => d.CreatedAt.Month == 4).ToList();
        Assert.Equal(["boss", "far"], escalated.Select(d => d.PersonId).Order());
        Assert.All(escalated, e =>
        {
            var text = string.Join("\n", MessageJson.Deserialize(e.MessageJson).Card.Body.OfType<TextBlock>().Select(t => t.Markdown));
            Assert.Contains("its owner is **carmen**", text, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_withdrawn_card_of_several_escalations_goes_again_when_its_items_are_all_reopened()
    {
        Person("far", Roles.ExecutiveChampion, p => p with { TimeZone = "America/Los_Angeles" });
        foreach (var id in new[] { "i1", "i2", "i3" })
            Item(i => i with { Id = id, Title = "Step " + id, RemindedThrough = new DateTime(2026, 4, 1, 0, 0, 0, DateTimeKind.Utc) });
        LookAt(3, 27, 14);
        SendWhatIsDue();

        time.SetUtcNow(new DateTimeOffset(2026, 3, 27, 15, 0, 0, TimeSpan.Zero));
        foreach (var id in new[] { "i1", "i2", "i3" }) changes.SetStatus(id, ItemStatus.Done, null, "ann");
        foreach (var id in new[] { "i1", "i2", "i3" }) changes.SetStatus(id, ItemStatus.InProgress, null, "ann");
        LookAt(3, 27, 15, 10);

        var far = outbox.ForCampaign(ActionReminders.EscalationsCampaign).Where(d => d.PersonId == "far").ToList();
        Assert.Equal([DeliveryState.Queued, DeliveryState.Cancelled], far.Select(d => d.State).Order());
        Assert.Equal(["i1", "i2", "i3"], far.Single(d => d.State == DeliveryState.Queued).Items!.Order());
        Assert.Single(outbox.ForCampaign(ActionReminders.EscalationsCampaign), d => d.PersonId == "boss");
    }

    [Fact]
    public void A_weekly_digest_missed_while_HitBot_was_down_and_found_at_night_waits_for_the_readers_morning()
    {
        LookAt(3, 1, 0); // a Saturday evening in Chicago: the digest counts from the slot before (Monday 23 February)

        LookAt(3, 3, 9); // Tuesday 03:00 in Chicago: Monday's 08:00 digest was missed while HitBot was down

        var digest = Assert.Single(outbox.ForCampaign(ActionReminders.DigestMarker), d => d.PersonId == "boss");
        Assert.Equal(new DateTime(2026, 3, 3, 15, 0, 0, DateTimeKind.Utc), digest.DueAt); // Tuesday 09:00 in Chicago
    }

    public void Dispose() => temp.Dispose();
}
