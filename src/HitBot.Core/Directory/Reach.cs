using HitBot.Core.Messaging;

namespace HitBot.Core.Directory;

/// <summary>The reach states of <c>GET /api/admin/reach</c>: one per person, the first that applies in this order.</summary>
public static class ReachStates
{
    public const string Inactive = "inactive";
    public const string OptedOut = "opted-out";
    public const string Teams = "teams";
    public const string Slack = "slack";
    public const string Blocked = "blocked";
    public const string Installing = "installing";
    public const string NotInTenant = "not-in-tenant";
    public const string NotInWorkspace = "not-in-workspace";
    public const string NoChatYet = "no-chat-yet";

    public static readonly IReadOnlyList<string> All = [Teams, Slack, Installing, NotInTenant, NotInWorkspace, Blocked, OptedOut, Inactive, NoChatYet];
}

/// <summary>
/// Why one platform cannot reach a person right now, and when HitBot last tried: set by whoever tried (the Teams
/// installer, the Slack roster linker, the dispatcher on a block), dropped when the person is linked on that platform again.
/// </summary>
public sealed record ReachNote
{
    public ChannelKind Channel { get; init; }
    /// <summary>One of <see cref="ReachStates"/>: <c>installing</c>, <c>not-in-tenant</c>, <c>not-in-workspace</c>, <c>blocked</c>.</summary>
    public string State { get; init; } = "";
    public string? Detail { get; init; }
    public DateTime At { get; init; }
}

/// <summary>A person's one reach state and the time of the last attempt, as the reach report and update reports show it.</summary>
public sealed record PersonReach(string State, DateTime? LastAttempt, string? Detail)
{
    /// <summary>
    /// What the coordinator can do about it, in words (null when HitBot reaches them): the state alone ("No chat yet") left
    /// the district's IT person with a ticket and no next step.
    /// </summary>
    public string? NextStep { get; init; }

    public static PersonReach Of(Person person)
    {
        var reach = StateOf(person);
        return reach with { NextStep = NextStepFor(reach.State, person.ReachNotes.FirstOrDefault(n => n.State == reach.State)?.Channel) };
    }

    static PersonReach StateOf(Person person)
    {
        var last = person.ReachNotes.Count == 0 ? (DateTime?)null : person.ReachNotes.Max(n => n.At);
        if (person.Inactive) return new(ReachStates.Inactive, last, null);
        if (person.OptedOut) return new(ReachStates.OptedOut, last, null);
        if (Address(person) is { } address)
        {
            // Reached in one chat while the other refuses HitBot: said, or a coordinator wonders why the Teams copies stopped.
            var refused = person.ReachNotes.FirstOrDefault(n => n.State == ReachStates.Blocked && n.Channel != address.Channel);
            return new(address.Channel == ChannelKind.Teams ? ReachStates.Teams : ReachStates.Slack, last,
                refused is null ? null : $"{refused.Channel} refuses HitBot's messages, so they go to {address.Channel}.");
        }
        // Not reachable: the most telling note wins (blocked says more than "installing", which says more than "not found").
        var note = person.ReachNotes.OrderBy(n => Rank(n.State)).FirstOrDefault();
        return note is null ? new(ReachStates.NoChatYet, last, null) : new(note.State, last, note.Detail);
    }

    static string? NextStepFor(string state, ChannelKind? channel) => state switch
    {
        ReachStates.NoChatYet =>
            "HitBot has no chat with them yet: ask them to open HitBot in Teams or Slack and send it any message. It finds them by the e-mail on the roster, so check that it is the one they sign in with.",
        ReachStates.Blocked when channel == ChannelKind.Slack =>
            "Slack no longer lets HitBot write to them: ask them to open HitBot in Slack and send it any message (a deactivated Slack account needs a workspace admin to reactivate it first). HitBot reaches them again from then on.",
        ReachStates.Blocked =>
            "They removed or blocked HitBot in Teams: ask them to add HitBot again (Apps, search HitBot) and send it any message. HitBot reaches them again from then on.",
        ReachStates.NotInTenant =>
            "Check that the e-mail on the roster is the one they sign in to Teams with. If it is, ask your Teams admin whether they have a Teams licence and whether an app permission policy blocks HitBot for them.",
        ReachStates.NotInWorkspace =>
            "Check that the e-mail on the roster is the one on their Slack profile, or invite them to the workspace. A deactivated account needs a workspace admin to reactivate it.",
        ReachStates.Installing => "Nothing to do yet: HitBot is adding itself to their Teams and reaches them once Teams opens the chat, usually within a day.",
        ReachStates.OptedOut => "They said stop: they get no updates or surveys until they type start in their chat (opt them back in here only if they ask you to).",
        ReachStates.Inactive => "They left the program: reactivate them here only if that was a mistake.",
        _ => null,
    };

    /// <summary>The chat a message goes to: the first linked platform that has not refused HitBot (blocked, removed).</summary>
    public static ChannelAddress? Address(Person person) =>
        person.Identities.FirstOrDefault(i => !person.ReachNotes.Any(n => n.Channel == i.Channel && n.State == ReachStates.Blocked));

    /// <summary>
    /// Staff who get a work message (reminders, escalations, digests, at-risk lists): "stop" ends newsletters, not work,
    /// so opt-out does not apply; leaving the program does. Each with the chat to use.
    /// </summary>
    public static List<(Person Person, ChannelAddress Address)> ForWork(IEnumerable<Person> people, Func<Person, bool> who)
    {
        var reachable = new List<(Person, ChannelAddress)>();
        foreach (var person in people)
            if (!person.Inactive && who(person) && Address(person) is { } address) reachable.Add((person, address));
        return reachable;
    }

    static int Rank(string state) => state switch
    {
        ReachStates.Blocked => 0,
        ReachStates.Installing => 1,
        ReachStates.NotInTenant => 2,
        ReachStates.NotInWorkspace => 3,
        _ => 4,
    };
}
