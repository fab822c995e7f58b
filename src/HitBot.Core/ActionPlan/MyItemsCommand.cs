using HitBot.Core.Directory;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.ActionPlan;

/// <summary>"my items": the open action items the person owns, soonest due first.</summary>
public sealed class MyItemsCommand(ActionPlanStore store, ActionItemChanges changes) : IInteractionRoutes
{
    public void Register(InteractionRouter router) =>
        router.MapCommand("my items", "List the action items you own", Handle);

    InteractionResult Handle(Interaction interaction, Person person) => LeftProgram.Answer(person) ??
        InteractionResult.Respond(ActionPlanCards.MyItems(store.OpenItemsOwnedBy(person.Id), changes.TodayFor(person.Id)));
}
