using HitBot.Core.Directory;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Messaging.Routing;

/// <summary>The help card at the bottom of the home page: what HitBot does and the commands it knows.</summary>
public sealed class HelpHomeSection(InteractionRouter router, IOptions<ProgramOptions> program) : IHomeSection
{
    public int Order => 1000;

    public Message? Render(Person? person) => HelpCommand.Card(router.CommandsFor(person), known: person is not null, program.Value.Name);
}
