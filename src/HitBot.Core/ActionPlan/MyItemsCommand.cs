using HitBot.Core.Directory;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.ActionPlan;

/// <summary>"my items": the open action items the person owns, soonest due first.</summary>
public sealed class MyItemsCommand(ActionPlanStore store, ActionItemChanges changes) : IInteractionRoutes
{
    /// <remarks>
    /// Listed in help for the roles that own the plan's steps (004), not for tutors, who own none: to them it answered
    /// "no open action items" and said nothing they could use. Anyone may still type it.
    /// </remarks>
    public void Register(InteractionRouter router) =>
        router.MapCommand("my items", "List the action items you own", Handle, forRoles: [.. Roles.All.Where(r => r != Roles.Tutor)]);

    InteractionResult Handle(Interaction interaction, Person person) => LeftProgram.Answer(person) ??
        InteractionResult.Respond(ActionPlanCards.MyItems(store.OpenItemsOwnedBy(person.Id), changes.TodayFor(person.Id)));
}
