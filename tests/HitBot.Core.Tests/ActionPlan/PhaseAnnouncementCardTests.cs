using HitBot.Core.ActionPlan;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;

namespace HitBot.Core.Tests.ActionPlan;

/// <summary>The card a person gets when the program's new phase is announced.</summary>
public sealed class PhaseAnnouncementCardTests
{
    [Fact]
    public void Someone_who_owns_more_of_the_phases_items_than_the_card_lists_is_told_how_many_more_and_where_to_see_them()
    {
        var coordinator = new Person { Id = "lena", Name = "Lena", Email = "lena@example.org", Roles = [Roles.CentralTeam] };
        var items = Enumerable.Range(1, 11).Select(n => new ActionItem
        {
            Id = $"i{n}", Title = $"Step {n}", Phase = ActionPhase.Installation, OwnerId = "lena", DueDate = new DateOnly(2026, 3, n),
        }).ToList();

        var card = PhaseAnnouncement.Card(ActionPhase.Installation, coordinator, items).Card;

        var list = card.Body.OfType<TextBlock>().Single(t => t.Markdown.StartsWith("**Your action items", StringComparison.Ordinal)).Markdown;
        Assert.Contains("- Step 8 · due 8 Mar", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Step 9", list, StringComparison.Ordinal);
        Assert.EndsWith("- …and 3 more: type \"my items\" to see them all", list, StringComparison.Ordinal);
    }

    /// <summary>
    /// The roles guide (004) gives legal counsel a "moderate involvement in contract, data sharing, and compliance reviews",
    /// and the phases tool asks nothing of them once tutoring has launched. A lawyer told of the launch was asked to "look at
    /// the action items of this phase you own" on a card that listed none, for they owned none.
    /// </summary>
    [Fact]
    public void Someone_whose_role_the_phase_asks_nothing_of_and_who_owns_none_of_its_items_is_not_sent_to_look_at_their_items()
    {
        var counsel = new Person { Id = "sam", Name = "Sam", Email = "sam@example.org", Roles = [Roles.LegalCounsel] };

        var card = PhaseAnnouncement.Card(ActionPhase.InitialImplementation, counsel, []).Card;

        var asks = card.Body.OfType<TextBlock>().Single(t => t.Markdown.StartsWith("**What this phase asks of you**", StringComparison.Ordinal)).Markdown;
        Assert.DoesNotContain("action items", asks, StringComparison.Ordinal);
        Assert.Contains("tell the central team", asks, StringComparison.Ordinal);
        Assert.DoesNotContain(card.Body.OfType<TextBlock>(), t => t.Markdown.StartsWith("**Your action items", StringComparison.Ordinal));
    }

    [Fact]
    public void Someone_whose_role_the_phase_asks_nothing_of_but_who_owns_its_items_is_pointed_at_them()
    {
        var counsel = new Person { Id = "sam", Name = "Sam", Email = "sam@example.org", Roles = [Roles.LegalCounsel] };
        var item = new ActionItem { Id = "dsa", Title = "Sign the data-sharing agreement", Phase = ActionPhase.InitialImplementation, OwnerId = "sam" };

        var card = PhaseAnnouncement.Card(ActionPhase.InitialImplementation, counsel, [item]).Card;

        Assert.Contains(card.Body.OfType<TextBlock>(), t => t.Markdown.Contains("action items of this phase you own", StringComparison.Ordinal));
        Assert.Contains(card.Body.OfType<TextBlock>(), t => t.Markdown.Contains("- Sign the data-sharing agreement", StringComparison.Ordinal));
    }
}
