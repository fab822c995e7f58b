using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Routing;

namespace HitBot.Core.Updates;

/// <summary>The most recent update this person received, with their reaction, on their home page (after their action items).</summary>
public sealed class LatestUpdateHomeSection(UpdateStore updates, UpdateSender sender) : IHomeSection
{
    public int Order => 200;

    public Message? Render(Person? person) =>
        person is null || sender.ReceivedBy(person.Id, 1) is not [var latest] ? null : UpdateCards.Card(latest, updates.ReactionOf(latest.Id, person.Id));
}
