using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.ActionPlan;

/// <summary>The person's open action items, first on their home page.</summary>
public sealed class MyItemsHomeSection(ActionPlanStore store, ActionItemChanges changes) : IHomeSection
{
    public int Order => 100;

    public Message? Render(Person? person) =>
        person is null ? null : ActionPlanCards.MyItems(store.OpenItemsOwnedBy(person.Id), changes.TodayFor(person.Id));
}
