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
}
