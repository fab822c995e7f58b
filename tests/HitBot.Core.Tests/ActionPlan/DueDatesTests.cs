using HitBot.Core.ActionPlan;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>"Due this week" and "overdue", as the dashboard's overview and the Monday digest both count them.</summary>
public sealed class DueDatesTests
{
    static readonly DateOnly Monday = new(2026, 3, 16);

    static ActionItem Due(DateOnly? day) => new() { Id = "i1", Title = "Recruit tutors", DueDate = day };

    [Fact]
    public void This_week_is_today_and_the_six_days_after_so_next_monday_is_in_next_weeks_digest_only()
    {
        Assert.True(DueDates.InThisWeek(Due(Monday), Monday));
        Assert.True(DueDates.InThisWeek(Due(Monday.AddDays(6)), Monday)); // Sunday
        Assert.False(DueDates.InThisWeek(Due(Monday.AddDays(7)), Monday)); // next Monday
        Assert.False(DueDates.InThisWeek(Due(Monday.AddDays(-1)), Monday)); // yesterday: overdue, not this week
    }

    [Fact]
    public void An_item_is_overdue_from_the_day_after_its_due_date()
    {
        Assert.True(DueDates.IsOverdue(Due(Monday.AddDays(-1)), Monday));
        Assert.False(DueDates.IsOverdue(Due(Monday), Monday));
    }

    /// <summary>
    /// After a break, Ben's card listed a reflection meeting of last week and a step due last week, each marked "(overdue)",
    /// under "3 action items you own need a look, 1 of them overdue": the count left the meeting out, while its line, the
    /// board and the overview call it overdue.
    /// </summary>
    [Fact]
    public void A_reminder_cards_overdue_count_is_what_its_lines_and_the_board_mark_overdue()
    {
        List<ActionItem> items =
        [
            Due(Monday.AddDays(-3)),
            new() { Id = "m1", Title = "Data reflection meeting", DueDate = Monday.AddDays(-4), SeriesId = "meetings" },
            new() { Id = "i2", Title = "Train site champions", DueDate = Monday.AddDays(2) },
        ];

        var first = ActionPlanCards.Reminders(items, Monday).Card!.Body.OfType<Core.Messaging.TextBlock>().First().Markdown;

        Assert.Equal(2, items.Count(i => ActionPlanCards.Due(i, Monday).EndsWith("(overdue)", StringComparison.Ordinal)));
        Assert.Equal(2, items.Count(i => DueDates.IsOverdue(i, Monday)));
        Assert.Equal("**3 action items** you own need a look, 2 of them overdue.", first);
    }

    [Fact]
    public void An_item_without_a_due_date_is_neither_due_this_week_nor_overdue()
    {
        Assert.False(DueDates.InThisWeek(Due(null), Monday));
        Assert.False(DueDates.IsOverdue(Due(null), Monday));
    }
}
