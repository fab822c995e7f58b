using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.ActionPlan;

/// <summary>
/// The person's open action items, first on their home page. A tutor (and nothing else) with none sees no section: tutors own
/// no action-plan steps (product.md, "Who uses it"), and "You have no open action items" would open their home on a puzzle.
/// </summary>
public sealed class MyItemsHomeSection(ActionPlanStore store, ActionItemChanges changes) : IHomeSection
{
    public int Order => 100;

    public Message? Render(Person? person)
    {
        if (person is null) return null;
        var items = store.OpenItemsOwnedBy(person.Id);
        return items.Count == 0 && person.Roles is [Roles.Tutor] ? null : ActionPlanCards.MyItems(items, changes.TodayFor(person.Id));
    }
}
