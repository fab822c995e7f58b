using System.Collections.Concurrent;
using HitBot.Core.Directory;
using HitBot.Core.Messaging;
using Microsoft.Extensions.Logging;

namespace HitBot.Slack;

/// <summary>
/// Finds roster people whose Slack link is an account of another organisation (Slack Connect), made by e-mail before
/// HitBot matched only its own accounts, and ends that link: nothing more goes to that account and nothing it does counts
/// as theirs. A link stores no home workspace (its TeamId is the workspace the request came to), so each linked account
/// is asked about with users.info the first time it writes, clicks or would be sent something; an account found to be
/// the district's own is recorded on the person (<see cref="Person.ConfirmedOwnAccounts"/>) and never asked about again,
/// also after a restart (each restart asked again about every linked person: for a thousand Slack tutors, ten minutes
/// more of a Monday update at Slack's hundred users.info calls a minute).
/// </summary>
public sealed class SlackOutsiders(PeopleDirectory directory, SlackWebApi api, SlackWorkspace workspace, ILogger<SlackOutsiders> logger)
{
    /// <summary>What the People page says about the person afterwards, and the reason on a delivery not sent.</summary>
    public const string UnlinkedDetail =
        "The Slack account HitBot had for them belongs to another organisation (Slack Connect), so HitBot stopped using it; " +
        "they need an account in your own workspace, then HitBot finds them by e-mail or when they write to it.";

    /// <summary>Slack user ids already found to be the district's own (or unknown to Slack) in this run: asked once, not per message.</summary>
    readonly ConcurrentDictionary<string, bool> ownAccounts = new(StringComparer.Ordinal);

    /// <summary>True when this account is known to be the district's own, so a linked sender can be answered without a call.</summary>
    public bool Checked(string userId) => ownAccounts.ContainsKey(userId);

    /// <summary>As <see cref="Checked(string)"/>, or recorded so on the person linked to <paramref name="address"/> in an earlier run.</summary>
    public bool Checked(ChannelAddress address) =>
        Checked(address.UserId) || directory.FindByIdentity(address) is { } person && person.ConfirmedOwnAccounts.Contains(address.PersonKey());

    /// <summary>The account at <paramref name="address"/>, just linked or asked about, is the district's own: remembered for good.</summary>
    internal void Confirmed(ChannelAddress address)
    {
        ownAccounts[address.UserId] = true;
        directory.ConfirmOwnAccount(address);
    }

    /// <summary>
    /// True when a request says the account's home is the bot token's own workspace (an interaction's <c>user.team_id</c>):
    /// it is one of the district's, and needs no users.info. On Enterprise Grid a team alone does not tell.
    /// </summary>
    public bool HomeIsOwn(string userId, string? homeTeam) =>
        homeTeam is { Length: > 0 } && workspace.Owns(new SlackUser(userId, homeTeam, null, null, IsBot: false, Deleted: false)) == true;

    /// <summary>A users.info answer made for another reason (linking a new sender, the roster pass) settles the question too.</summary>
    internal void Saw(SlackUser user)
    {
        if (workspace.Owns(user) == true) ownAccounts[user.Id] = true;
    }

    /// <summary>
    /// Asks Slack whose account <paramref name="address"/> is when it is linked to a roster person and not yet checked;
    /// an outsider's link is ended and true returned. Slack's errors reach the caller (a send turns them into a retry).
    /// </summary>
    public async Task<bool> EndIfOutsiderAsync(ChannelAddress address, Func<Task<SlackUser?>> userInfo)
    {
        if (Checked(address) || directory.FindByIdentity(address) is not { } person) return false;
        var user = await userInfo();
        switch (user is null ? true : workspace.Owns(user))
        {
            case null:
                // auth.test has not answered: nobody can tell yet, so the link is used as before and asked about next time.
                return false;
            case true:
                Confirmed(address);
                return false;
        }
        End(person, address, user?.TeamId ?? "");
        return true;
    }

    /// <inheritdoc cref="EndIfOutsiderAsync(ChannelAddress, Func{Task{SlackUser?}})"/>
    public Task<bool> EndIfOutsiderAsync(ChannelAddress address, CancellationToken ct) =>
        EndIfOutsiderAsync(address, () => api.UserInfoAsync(address.UserId, ct));

    void End(Person person, ChannelAddress address, string teamId)
    {
        directory.Unlink(address);
        directory.NoteReach(person.Id, ChannelKind.Slack, ReachStates.NotInWorkspace, UnlinkedDetail);
        // Ids only: the person's name and e-mail stay out of the log.
        Log.OutsiderUnlinked(logger, person.Id, address.UserId, teamId);
    }
}
