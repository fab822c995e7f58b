using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;

namespace HitBot.Core.Tests.Messaging;

/// <summary>The weekly message budget's rule: at most N messages in any 7 days, counted as a rolling week.</summary>
public sealed class BudgetWindowTests
{
    static readonly DateTime Monday = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_fourth_message_in_the_same_week_does_not_fit_but_fits_a_week_after_the_first()
    {
        var window = new BudgetWindow(3, [Monday, Monday.AddDays(1), Monday.AddDays(2)]);

        Assert.False(window.HasRoomAt(Monday.AddDays(3)));
        Assert.Equal(Monday.AddDays(7), window.NextFree(Monday.AddDays(3)));
    }

    [Fact]
    public void A_message_planned_for_later_in_the_week_counts_against_the_days_before_it()
    {
        var window = new BudgetWindow(2, [Monday, Monday.AddDays(4)]);

        Assert.False(window.HasRoomAt(Monday.AddDays(2)));
        Assert.True(window.HasRoomAt(Monday.AddDays(7)));
    }

    [Fact]
    public void Messages_placed_in_one_fan_out_fill_the_week_for_the_next_ones()
    {
        var window = new BudgetWindow(2, []);

        window.Add(Monday);
        window.Add(Monday.AddHours(1));

        Assert.False(window.HasRoomAt(Monday.AddHours(2)));
        Assert.Equal(Monday.AddDays(7), window.NextFree(Monday.AddHours(2)));
    }
}
