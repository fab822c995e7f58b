namespace HitBot.Core.Directory;

/// <summary>
/// The names a message shows, each read from the directory and recorded with its person's id, so the delivery can declare
/// whom it names (<see cref="Messaging.Outbox.Delivery.Names"/>): a name read before its person's erasure began and
/// queued after it ended is then refused by the outbox, which remembers the ids, never the names.
/// </summary>
/// <remarks>A writer that composes names through this cannot forget to declare them: the name and the id come together.</remarks>
public sealed class NamedPeople(PeopleDirectory directory)
{
    readonly HashSet<string> ids = new(StringComparer.Ordinal);

    /// <summary>The person's name as the directory has it now, or null when they are not in it (left, or erased).</summary>
    public string? NameOf(string? personId)
    {
        if (personId is null || directory.Find(personId) is not { } person) return null;
        ids.Add(person.Id);
        return person.Name;
    }

    /// <summary>The ids of every name handed out so far; null when none was.</summary>
    public List<string>? Ids => ids.Count == 0 ? null : [.. ids.Order(StringComparer.Ordinal)];
}
