using HitBot.Core.Messaging;

namespace HitBot.Core.Directory;

/// <summary>What other features and the adapters ask of the directory: who is this sender, and link them to a roster person.</summary>
public sealed class PeopleDirectory(DirectoryStore store, TimeProvider time)
{
    public Person? Find(string personId) => store.Find(personId);

    public Person? FindByIdentity(ChannelAddress address) => store.FindByIdentity(address);

    public IReadOnlyList<Person> All() => store.All();

    /// <summary>
    /// Attaches a platform identity to the roster person with this e-mail. Returns null when no one on the
    /// roster has it: the sender is then unknown and is told to ask their coordinator.
    /// </summary>
    /// <remarks>Every inbound message links its sender: one already linked at this very address is answered from the
    /// store's cache without taking the directory's write lock.</remarks>
    public Person? Link(ChannelAddress address, string? email) =>
        store.FindByIdentity(address) is { } known && known.IdentityOn(address.Channel) == address
            ? known
            : store.Locked(() => LinkUnlocked(address, email));

    Person? LinkUnlocked(ChannelAddress address, string? email)
    {
        var person = store.FindByIdentity(address) ?? (string.IsNullOrWhiteSpace(email) ? null : store.FindByEmail(email));
        if (person is null) return null;

        var current = person.IdentityOn(address.Channel);
        if (current == address) return person;

        // Keep a known 1:1 conversation when a later event (a plain message) does not carry it.
        var merged = current is not null && current.UserId == address.UserId && address.ConversationId is null
            ? address with { ConversationId = current.ConversationId }
            : address;
        // Linked (again) on this platform: whatever kept it from reaching them there is over.
        var linked = person.WithIdentity(merged, time.GetUtcNow()) with
        {
            ReachNotes = person.ReachNotes.Where(n => n.Channel != address.Channel).ToList(),
        };
        store.Save(linked);
        return linked;
    }

    /// <summary>Remembers the 1:1 conversation a platform opened for a proactive message, so it is opened once.</summary>
    public void RememberConversation(string personId, ChannelAddress address, string conversationId) =>
        store.Locked(() => { RememberConversationUnlocked(personId, address, conversationId); return true; });

    void RememberConversationUnlocked(string personId, ChannelAddress address, string conversationId)
    {
        if (store.Find(personId) is not { } person) return;
        var current = person.IdentityOn(address.Channel);
        if (current is null || current.ConversationId == conversationId) return;
        store.Save(person.WithIdentity(current with { ConversationId = conversationId }, time.GetUtcNow()));
    }

    /// <summary>
    /// Takes the time zone a platform reports for the person (an IANA id) when the roster gave none, so reminders reach
    /// them in their working hours. A zone already set, by the roster or earlier, is kept; an id this machine does not know is ignored.
    /// </summary>
    public Person? AdoptTimeZone(string personId, string? timeZone) =>
        store.Locked(() => AdoptTimeZoneUnlocked(personId, timeZone));

    Person? AdoptTimeZoneUnlocked(string personId, string? timeZone)
    {
        if (store.Find(personId) is not { } person) return null;
        if (person.TimeZone is not null || string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            return person;
        var updated = person with { TimeZone = timeZone, UpdatedAt = time.GetUtcNow().UtcDateTime };
        store.Save(updated);
        return updated;
    }

    /// <summary>Opts the person out of (or back into) updates, surveys and thank-yous, recording who did it and when.</summary>
    public Person? SetOptOut(string personId, bool optedOut, string by) =>
        store.Locked(() => SetOptOutUnlocked(personId, optedOut, by));

    Person? SetOptOutUnlocked(string personId, bool optedOut, string by)
    {
        if (store.Find(personId) is not { } person) return null;
        if (person.OptedOut == optedOut) return person;
        var now = time.GetUtcNow().UtcDateTime;
        var updated = person with { OptedOut = optedOut, OptedOutAt = now, OptedOutBy = by, UpdatedAt = now };
        store.Save(updated);
        return updated;
    }

    /// <summary>Records why <paramref name="channel"/> cannot reach this person now (one note per platform, the newest kept).</summary>
    public Person? NoteReach(string personId, ChannelKind channel, string state, string? detail = null) =>
        store.Locked(() => NoteReachUnlocked(personId, channel, state, detail));

    Person? NoteReachUnlocked(string personId, ChannelKind channel, string state, string? detail)
    {
        if (store.Find(personId) is not { } person) return null;
        var now = time.GetUtcNow().UtcDateTime;
        var notes = person.ReachNotes.Where(n => n.Channel != channel)
            .Append(new ReachNote { Channel = channel, State = state, Detail = detail, At = now }).ToList();
        var updated = person with { ReachNotes = notes, UpdatedAt = now };
        store.Save(updated);
        return updated;
    }

    /// <summary>Forgets a platform identity (the person uninstalled the app there); the person stays on the roster.</summary>
    public void Unlink(ChannelAddress address) =>
        store.Locked(() => { UnlinkUnlocked(address); return true; });

    void UnlinkUnlocked(ChannelAddress address)
    {
        if (store.FindByIdentity(address) is not { } person) return;
        var identities = person.Identities.Where(i => i.Channel != address.Channel).ToList();
        store.Save(person with
        {
            Identities = identities,
            IdentityKeys = identities.Select(i => i.PersonKey()).ToList(),
            UpdatedAt = time.GetUtcNow().UtcDateTime,
        });
    }
}
