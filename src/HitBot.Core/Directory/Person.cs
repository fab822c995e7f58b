using HitBot.Core.Messaging;

namespace HitBot.Core.Directory;

/// <summary>A tutor or a member of program staff. No student data is ever stored.</summary>
public sealed record Person
{
    public string Id { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>
    /// The names the person had before a roster or the People page renamed them (a spelling fixed, a married name). HitBot
    /// wrote each into what it composed then (an item's history, cards): their erasure looks for these too.
    /// </summary>
    public List<string> FormerNames { get; init; } = [];
    /// <summary>Lower-cased; the key a roster re-import and identity linking match on.</summary>
    public string Email { get; init; } = "";
    public List<string> Roles { get; init; } = [];
    public string? Site { get; init; }
    public string? Partner { get; init; }
    /// <summary>IANA zone id; null means the program's time zone.</summary>
    public string? TimeZone { get; init; }
    /// <summary>
    /// A BCP 47 tag (<see cref="LanguageTag"/>): from the roster or the admin API, else what the person's chat app says
    /// (Teams' locale, Slack's). Null when nobody has said. HitBot's own messages stay in English whatever it holds.
    /// </summary>
    public string? Language { get; init; }
    public List<ChannelAddress> Identities { get; init; } = [];
    /// <summary>The identities' keys, kept beside them so one index finds a person from a platform user id.</summary>
    public List<string> IdentityKeys { get; init; } = [];
    /// <summary>
    /// The keys of chats the person was linked to before (HitBot removed in Teams, an account replaced), never shown: their
    /// anonymous feedback, which keeps only the chat it came from, may have come from one, and their erasure looks for these too.
    /// </summary>
    public List<string> FormerChatKeys { get; init; } = [];
    /// <summary>
    /// The keys of linked chats HitBot has asked about and found to be the district's own accounts (Slack: users.info says
    /// the account's home is the bot token's workspace, not a Slack Connect organisation's). Kept in the file, so a restart
    /// does not ask about every linked person again at their next message or send. Only ever keys of <see cref="IdentityKeys"/>.
    /// </summary>
    public List<string> ConfirmedOwnAccounts { get; init; } = [];
    /// <summary>The first day of tutoring (roster column "start date"): early check-ins go in the 2nd and 6th week after it.</summary>
    public DateOnly? StartDate { get; init; }
    /// <summary>What the person last said they would like (retention pulse, named runs): "coaching", "more-hours", "other-subjects".</summary>
    public List<string> Interests { get; init; } = [];
    public DateTime? InterestsAt { get; init; }
    public bool OptedOut { get; init; }
    public DateTime? OptedOutAt { get; init; }
    /// <summary>Who set the opt-out: "self" when the person typed stop, otherwise the admin who did it.</summary>
    public string? OptedOutBy { get; init; }
    /// <summary>
    /// The person id of the coordinator who set <see cref="OptedOutBy"/> with their own token; null when the person did it
    /// or the admin token did. Their erasure finds their opt-outs by it: by the name alone, one renamed since kept their old
    /// name there, and a namesake's opt-outs lost theirs.
    /// </summary>
    public string? OptedOutById { get; init; }
    /// <summary>Left the program: gets nothing, counts in no audience or response rate, stays on record until erased.</summary>
    public bool Inactive { get; init; }
    public DateTime? InactiveSince { get; init; }
    /// <summary>Why a platform cannot reach this person now, one note per platform (see <see cref="PersonReach"/>).</summary>
    public List<ReachNote> ReachNotes { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; init; }

    /// <summary>
    /// Holds the role now. Someone who left the program (<see cref="Inactive"/>) holds none: every power a role gives —
    /// the admin API and dashboard through a personal token, the feedback inbox and "post update" in chat, changing any
    /// action item — ends when they are deactivated, not only when their token is revoked or they are erased.
    /// <see cref="Roles"/> still says what they were, for the record.
    /// </summary>
    public bool HasRole(string role) => !Inactive && Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>This person called <paramref name="name"/>, the name they had until now kept among <see cref="FormerNames"/>.</summary>
    public Person Named(string name) =>
        name == Name || Name.Length == 0 ? this with { Name = name }
        : this with { Name = name, FormerNames = [.. FormerNames.Where(n => n != name && n != Name), Name] };

    public ChannelAddress? IdentityOn(ChannelKind channel) => Identities.FirstOrDefault(i => i.Channel == channel);

    /// <summary>This person with <paramref name="address"/> added, replacing (in its place) any earlier identity on the same platform.</summary>
    public Person WithIdentity(ChannelAddress address, DateTimeOffset now)
    {
        // Replaced in place: the order says which chat was linked first, and updates go there.
        var identities = Identities.Any(i => i.Channel == address.Channel)
            ? Identities.Select(i => i.Channel == address.Channel ? address : i).ToList()
            : [.. Identities, address];
        return WithIdentities(identities, now);
    }

    /// <summary>This person linked to <paramref name="identities"/> only; the keys of the chats they leave go among <see cref="FormerChatKeys"/>.</summary>
    public Person WithIdentities(List<ChannelAddress> identities, DateTimeOffset now)
    {
        var keys = identities.Select(i => i.PersonKey()).ToList();
        return this with
        {
            Identities = identities,
            IdentityKeys = keys,
            FormerChatKeys = [.. FormerChatKeys.Concat(IdentityKeys).Where(k => !keys.Contains(k)).Distinct(StringComparer.Ordinal)],
            // A chat left or replaced is no longer confirmed: a new account in its place is asked about afresh.
            ConfirmedOwnAccounts = [.. ConfirmedOwnAccounts.Where(keys.Contains)],
            UpdatedAt = now.UtcDateTime,
        };
    }
}
