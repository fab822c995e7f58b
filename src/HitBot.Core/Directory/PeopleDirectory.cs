using HitBot.Core.Messaging;

namespace HitBot.Core.Directory;

/// <summary>
/// What other features and the adapters ask of the directory: who is this sender, link them to a roster person, and the
/// people, sites and partners a feature needs, each read through an index (the directory can hold 100,000 people).
/// </summary>
public sealed class PeopleDirectory(DirectoryStore store, TimeProvider time) : Messaging.Outbox.IPersonZones
{
    public Person? Find(string personId) => store.Find(personId);

    /// <inheritdoc/>
    public TimeZoneInfo? ZoneOf(string personId) =>
        store.Find(personId)?.TimeZone is { } tz && TimeZoneInfo.TryFindSystemTimeZoneById(tz, out var zone) ? zone : null;

    /// <summary>The people with these ids, keyed by id, in one indexed read; an id not on the roster (any more) has no entry.</summary>
    public IReadOnlyDictionary<string, Person> FindMany(IEnumerable<string> personIds) => store.FindMany(personIds);

    /// <summary>The name and site of the people with these ids, keyed by id, without reading the rest of each person.</summary>
    public IReadOnlyDictionary<string, PersonLabel> LabelsOf(IEnumerable<string> personIds) => store.LabelsOf(personIds);

    /// <summary>The roster person with this e-mail, whatever its case or surrounding spaces.</summary>
    public Person? FindByEmail(string email) => store.FindByEmail(email);

    public Person? FindByIdentity(ChannelAddress address) => store.FindByIdentity(address);

    public IReadOnlyList<Person> All() => store.All();

    /// <summary>Everyone in no order, read a chunk at a time: for passes that keep only a few (no sort of 100,000 names).</summary>
    public IEnumerable<Person> Everyone() => store.Everyone();

    /// <summary>Every person's site and partner by id, without reading anyone whole (a count over a whole campaign).</summary>
    public Dictionary<string, (string? Site, string? Partner)> SitesAndPartners() => store.SitesAndPartners();

    /// <summary>Everyone at this site (its slug), inactive people included, through the Site index.</summary>
    public List<Person> AtSite(string site) => store.AtSites([site]);

    /// <summary>Moves whenever a person is saved or removed: what is worked out from the people is kept until it moves.</summary>
    public long PeopleChanges => store.PeopleChanges;

    /// <summary>Everyone of this partner (its slug), inactive people included, through the Partner index.</summary>
    public List<Person> OfPartner(string partner) => store.WithPartners([partner]);

    /// <summary>
    /// Everyone with any of these roles (slugs), in name order, inactive people included: one Roles index seek a role. The
    /// index leaves tutors out (most of the directory), so a question that includes tutors reads the directory once.
    /// </summary>
    public List<Person> WithAnyRole(params string[] roles) =>
        store.WithAnyRole(roles) is { } found
            ? [.. found.OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)]
            : [.. store.All().Where(p => roles.Any(p.HasRole))];

    /// <summary>Everyone whose start date is from <paramref name="first"/> to <paramref name="last"/>, inactive people included, through the StartDate index.</summary>
    public List<Person> StartingBetween(DateOnly first, DateOnly last) => store.StartingBetween(first, last);

    /// <summary>
    /// Staff with any of these roles who get a work message (reminders, escalations, digests, at-risk lists), each with the
    /// chat to use, in name order: see <see cref="PersonReach.ForWork"/>.
    /// </summary>
    public List<(Person Person, ChannelAddress Address)> ReachableForWork(params string[] roles) =>
        PersonReach.ForWork(WithAnyRole(roles), _ => true);

    /// <summary>
    /// The partners (slugs) with an active partner lead on the roster: their tutors' named survey cards say the lead sees
    /// their name, since the lead gets their cohort's at-risk list (in chat, or on the dashboard when not reachable there).
    /// A lead on the central team is not counted, nor a deactivated one (who holds no role: Person.HasRole).
    /// </summary>
    public HashSet<string> PartnersWithALead() =>
        [.. WithAnyRole(Roles.PartnerLead).Where(p => p.HasRole(Roles.PartnerLead) && !p.HasRole(Roles.CentralTeam))
            .Select(p => p.Partner).OfType<string>().Where(p => p.Length > 0)];

    /// <summary>Every site, in name order (for pickers).</summary>
    public List<Site> Sites() => store.AllSites();

    /// <summary>Every partner, in name order (for pickers).</summary>
    public List<Partner> Partners() => store.AllPartners();

    /// <summary>A site's name as the roster spelled it; null for a slug no roster named.</summary>
    public string? SiteName(string site) => store.FindSite(site)?.Name;

    /// <summary>A partner's name as the roster spelled it; null for a slug no roster named.</summary>
    public string? PartnerName(string partner) => store.FindPartner(partner)?.Name;

    /// <summary>
    /// Keeps the person's latest answer about what they would like more of (the "interested in" audience filter), with its
    /// time; the same interests again change nothing, so the time stays that of the answer that set them, and an answer
    /// older than the one kept changes nothing either (runs can close out of order).
    /// </summary>
    public void RememberInterests(string personId, List<string> interests, DateTime at) =>
        store.Locked(() => { RememberInterestsUnlocked(personId, interests, at); return true; });

    void RememberInterestsUnlocked(string personId, List<string> interests, DateTime at)
    {
        if (store.Find(personId) is not { } person || person.Interests.SequenceEqual(interests) || person.InterestsAt > at) return;
        store.Save(person with { Interests = interests, InterestsAt = at });
    }

    /// <summary>
    /// Attaches a platform identity to the roster person with this e-mail. Returns null when no one on the
    /// roster has it: the sender is then unknown and is told to ask their coordinator.
    /// </summary>
    /// <remarks>Every inbound message links its sender: one already linked at this very address is answered from the
    /// store's cache without taking the directory's write lock, unless a note says that platform cannot reach them (a
    /// message from that very chat says it can again).</remarks>
    public Person? Link(ChannelAddress address, string? email) =>
        store.FindByIdentity(address) is { } known && known.IdentityOn(address.Channel) == address && !HasReachNote(known, address.Channel)
                                                    && (string.IsNullOrWhiteSpace(email) || known.Email == DirectoryStore.NormalizeEmail(email))
            ? known
            : store.Locked(() => LinkUnlocked(address, email));

    Person? LinkUnlocked(ChannelAddress address, string? email)
    {
        var holder = store.FindByIdentity(address);
        var byEmail = string.IsNullOrWhiteSpace(email) ? null : store.FindByEmail(email);
        // The platform says this account's e-mail is now another roster entry's (a district changed the address and the
        // roster has the new one): the chat moves to that entry, or the new entry would never be linked and the old
        // (usually deactivated) one would keep answering for them.
        var moving = holder is not null && byEmail is not null && holder.Id != byEmail.Id;
        var person = moving ? byEmail : holder ?? byEmail;
        if (person is null) return null;

        var current = person.IdentityOn(address.Channel);
        if (current == address && !HasReachNote(person, address.Channel)) return person;
        // A Teams user of another organisation claiming the same e-mail (a multi-tenant bot accepts every tenant, and an
        // e-mail attribute can be set by that tenant's admin) does not take over the person linked in their own tenant.
        if (current is { TenantId: { Length: > 0 } linkedTenant } && address.TenantId is { Length: > 0 } newTenant
            && !string.Equals(linkedTenant, newTenant, StringComparison.OrdinalIgnoreCase))
            return null;

        if (moving && holder is not null)
        {
            var left = holder.Identities.Where(i => i.PersonKey() != address.PersonKey()).ToList();
            store.Save(holder with
            {
                Identities = left,
                IdentityKeys = left.Select(i => i.PersonKey()).ToList(),
                UpdatedAt = time.GetUtcNow().UtcDateTime,
            });
        }

        // Keep a known 1:1 conversation when a later event (a plain message) does not carry it.
        var fromHolder = moving ? holder?.IdentityOn(address.Channel) : null;
        var known = current ?? fromHolder;
        var merged = known is not null && known.UserId == address.UserId && address.ConversationId is null
            ? address with { ConversationId = known.ConversationId }
            : address;
        // Linked (again) on this platform: whatever kept it from reaching them there is over.
        var linked = person.WithIdentity(merged, time.GetUtcNow()) with
        {
            ReachNotes = person.ReachNotes.Where(n => n.Channel != address.Channel).ToList(),
        };
        store.Save(linked);
        return linked;
    }

    static bool HasReachNote(Person person, ChannelKind channel) => person.ReachNotes.Any(n => n.Channel == channel);

    /// <summary>
    /// Records that the chat account at <paramref name="address"/>, linked to a person, is the district's own (see
    /// <see cref="Person.ConfirmedOwnAccounts"/>); nothing when it is linked to nobody or already recorded.
    /// </summary>
    public void ConfirmOwnAccount(ChannelAddress address)
    {
        var key = address.PersonKey();
        if (store.FindByIdentity(address) is not { } known || known.ConfirmedOwnAccounts.Contains(key)) return;
        store.Locked(() =>
        {
            if (store.Find(known.Id) is not { } person || !person.IdentityKeys.Contains(key) || person.ConfirmedOwnAccounts.Contains(key)) return false;
            store.Save(person with { ConfirmedOwnAccounts = [.. person.ConfirmedOwnAccounts, key] });
            return true;
        });
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
    public Person? AdoptTimeZone(string personId, string? timeZone)
    {
        // Asked at each Teams message: a person whose zone is known (or a zone this machine cannot read) is answered from
        // the cache, without the lock.
        var known = store.Find(personId);
        if (known is not { TimeZone: null } || string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            return known;
        return store.Locked(() => AdoptTimeZoneUnlocked(personId, timeZone));
    }

    Person? AdoptTimeZoneUnlocked(string personId, string? timeZone)
    {
        if (store.Find(personId) is not { } person) return null;
        if (person.TimeZone is not null || string.IsNullOrWhiteSpace(timeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out _))
            return person;
        var updated = person with { TimeZone = timeZone, UpdatedAt = time.GetUtcNow().UtcDateTime };
        store.Save(updated);
        return updated;
    }

    /// <summary>
    /// Takes the language a chat app reports for the person (Teams' locale, Slack's) when nobody has given one: the roster
    /// and the admin API win, and what the app said first is kept. A locale that is not a language tag is ignored.
    /// </summary>
    public Person? AdoptLanguage(string personId, string? locale)
    {
        // Asked at each Teams message: a person whose language is known is answered from the cache, without the lock.
        var known = store.Find(personId);
        if (known is not { Language: null } || LanguageTag.Parse(locale) is not { } tag) return known;
        return store.Locked(() =>
        {
            if (store.Find(personId) is not { Language: null } person) return store.Find(personId);
            var updated = person with { Language = tag, UpdatedAt = time.GetUtcNow().UtcDateTime };
            store.Save(updated);
            return updated;
        });
    }

    /// <summary>Opts the person out of (or back into) updates, surveys and thank-yous, recording who did it and when.</summary>
    public Person? SetOptOut(string personId, bool optedOut, string by) =>
        store.Locked(() => SetOptOutUnlocked(personId, optedOut, by));

    Person? SetOptOutUnlocked(string personId, bool optedOut, string by)
    {
        if (store.Find(personId) is not { } person) return null;
        if (person.OptedOut == optedOut) return person;
        var now = time.GetUtcNow().UtcDateTime;
        var updated = person with { OptedOut = optedOut, OptedOutAt = now, OptedOutBy = by, OptedOutById = null, UpdatedAt = now };
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

    /// <summary>Forgets why <paramref name="channel"/> could not reach this person (it can again: an account reactivated).</summary>
    public Person? ClearReach(string personId, ChannelKind channel) => store.Locked(() =>
    {
        if (store.Find(personId) is not { } person) return null;
        if (person.ReachNotes.All(n => n.Channel != channel)) return person;
        var updated = person with
        {
            ReachNotes = person.ReachNotes.Where(n => n.Channel != channel).ToList(), UpdatedAt = time.GetUtcNow().UtcDateTime,
        };
        store.Save(updated);
        return updated;
    });

    /// <summary>Forgets a platform identity (the person uninstalled the app there); the person stays on the roster.</summary>
    public void Unlink(ChannelAddress address) =>
        store.Locked(() => { UnlinkUnlocked(address); return true; });

    void UnlinkUnlocked(ChannelAddress address)
    {
        if (store.FindByIdentity(address) is not { } person) return;
        store.Save(person.WithIdentities([.. person.Identities.Where(i => i.Channel != address.Channel)], time.GetUtcNow()));
    }
}
