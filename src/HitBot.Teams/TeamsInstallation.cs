using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>Someone installed or removed HitBot in their personal scope: link and welcome them, or forget the identity.</summary>
public sealed class TeamsInstallation(
    TeamsPeople people, PeopleDirectory directory, OutboxStore outbox, ReachedWelcome reached, IOptions<ProgramOptions> program,
    TimeProvider time, ILogger<TeamsInstallation> logger)
{
    public const string WelcomeCampaign = ReachedWelcome.Campaign;

    /// <summary>
    /// One welcome per Teams user: installing sends both conversationUpdate and installationUpdate, and Teams may resend
    /// either. An unknown person's card has its own key, so once the coordinator adds them they can still be welcomed.
    /// </summary>
    public async Task InstalledAsync(ChannelAddress address, string conversationId, CancellationToken ct)
    {
        var (person, installedByHitBot, lookupFailed) = await people.LinkInstalledAsync(address, conversationId, welcomeWhenLinked: true, ct);
        Log.Installed(logger, address.UserId, person?.Id);
        // Teams could not say who this is just now: the background link welcomes them once it can. The card for someone
        // not on the roster told people who are on it to ask their coordinator to add them, and no welcome followed.
        if (lookupFailed) return;
        Welcome(person, address, installedByHitBot);
    }

    /// <summary>
    /// Queues the welcome for this Teams user once. Someone who installed HitBot themselves is looking at it: welcomed at
    /// once. Someone HitBot installed for them (<paramref name="installedByHitBot"/>: the proactive installer, its
    /// late links, or Teams' install event that answers it) is welcomed in their daytime and within the weekly limit, as a
    /// Slack account linked by e-mail is: an install pass after a roster import at 22:00 or a restart at night does not
    /// wake the whole roster.
    /// </summary>
    public void Welcome(Person? person, ChannelAddress address, bool installedByHitBot)
    {
        if (installedByHitBot && person is { Inactive: false })
        {
            reached.Queue(person, address);
            return;
        }
        var name = program.Value.Name;
        // Someone who left is not promised what they no longer get; a key of its own, so coming back brings the welcome.
        var (key, message) = person switch
        {
            null => ($"welcome-unknown:{address.PersonKey()}", WelcomeCards.Unknown(name)),
            { Inactive: true } => ($"welcome-left:{address.PersonKey()}", WelcomeCards.Left(name)),
            _ => (ReachedWelcome.Key(address), WelcomeCards.Welcome(person, name)),
        };
        outbox.TryEnqueue(Delivery.Send(key, WelcomeCampaign, person?.Id, address, message, time.GetUtcNow()));
    }

    public void Removed(ChannelAddress address)
    {
        Log.Uninstalled(logger, address.UserId);
        // Noted before the identity goes, so proactive install never puts HitBot back for someone who removed it.
        if (directory.FindByIdentity(address) is { } person)
            directory.NoteReach(person.Id, ChannelKind.Teams, ReachStates.Blocked, "They removed HitBot in Teams.");
        directory.Unlink(address);
    }
}
