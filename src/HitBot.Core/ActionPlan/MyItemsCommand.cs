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
    public void Register(InteractionRouter router)
    {
        router.MapCommand("my items", "List the action items you own", Handle, forRoles: [.. Roles.All.Where(r => r != Roles.Tutor)]);
        // How owners also ask (004 calls them action items): each was offered to the central team as feedback instead.
        router.MapCommand("items", "Same as my items", Handle, listed: false);
        router.MapCommand("my action items", "Same as my items", Handle, listed: false);
        router.MapVerb<MyItemsPageData>(ActionPlanCards.MorePageVerb, (_, person, data) => Page(person, data));
    }

    /// <summary>
    /// "More items": the next card of the person's own list, in place of the one pressed. The list is read again, so an item
    /// done since then is gone and a position past the end starts again at the first items.
    /// </summary>
    InteractionResult Page(Person person, MyItemsPageData data) => LeftProgram.Answer(person) ??
        InteractionResult.Update(ActionPlanCards.MyItems(store.OpenItemsOwnedBy(person.Id), changes.TodayFor(person.Id),
            int.TryParse(data.From, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var from) ? from : 0));

    InteractionResult Handle(Interaction interaction, Person person) => LeftProgram.Answer(person) ??
        InteractionResult.Respond(ActionPlanCards.MyItems(store.OpenItemsOwnedBy(person.Id), changes.TodayFor(person.Id)));
}
