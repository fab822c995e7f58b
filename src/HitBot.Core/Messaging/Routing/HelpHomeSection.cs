using HitBot.Core.Directory;

namespace HitBot.Core.Messaging.Routing;

/// <summary>The help card at the bottom of the home page: what HitBot does and the commands it knows.</summary>
public sealed class HelpHomeSection(InteractionRouter router) : IHomeSection
{
    public int Order => 1000;

    public Message? Render(Person? person) => HelpCommand.Card(router.CommandsFor(person), known: person is not null);
}
