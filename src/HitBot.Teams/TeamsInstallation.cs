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
    TeamsPeople people, PeopleDirectory directory, OutboxStore outbox, IOptions<ProgramOptions> program, TimeProvider time,
    ILogger<TeamsInstallation> logger)
{
    public const string WelcomeCampaign = "welcome";

    /// <summary>
    /// One welcome per Teams user: installing sends both conversationUpdate and installationUpdate, and Teams may resend
    /// either. An unknown person's card has its own key, so once the coordinator adds them they can still be welcomed.
    /// </summary>
    public async Task InstalledAsync(ChannelAddress address, string conversationId, CancellationToken ct)
    {
        var person = await people.LinkAsync(address, conversationId, ct);
        Log.Installed(logger, address.UserId, person?.Id);
        Welcome(person, address);
    }

    /// <summary>Queues the welcome for this Teams user once; proactive installs and late links welcome the same way.</summary>
    public void Welcome(Person? person, ChannelAddress address)
    {
        var name = program.Value.Name;
        // Someone who left is not promised what they no longer get; a key of its own, so coming back brings the welcome.
        var (key, message) = person switch
        {
            null => ($"welcome-unknown:{address.PersonKey()}", WelcomeCards.Unknown(name)),
            { Inactive: true } => ($"welcome-left:{address.PersonKey()}", WelcomeCards.Left(name)),
            _ => ($"welcome:{address.PersonKey()}", WelcomeCards.Welcome(person, name)),
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
