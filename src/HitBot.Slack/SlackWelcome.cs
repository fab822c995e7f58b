using HitBot.Core;
using HitBot.Core.Directory;
using HitBot.Core.Directory.Chat;
using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace HitBot.Slack;

/// <summary>
/// The first DM a roster person gets when HitBot links them to Slack by e-mail, before they ever opened the app: who runs
/// HitBot, what it will send and how to stop it, as Teams' welcome card on install says. Someone who writes first is
/// answered instead, and the Home tab greets whoever opens it.
/// </summary>
public sealed class SlackWelcome(OutboxStore outbox, MessageBudget budget, IOptions<ProgramOptions> program, TimeProvider time)
{
    public const string Campaign = "welcome";

    /// <summary>
    /// Queued once per Slack account: the outbox key stops a second one after a restart or a later pass. Non-urgent, so it
    /// counts in the person's weekly budget and goes in their daytime on a working day, not at the 2 a.m. of a daily pass.
    /// </summary>
    public void Queue(Person person, ChannelAddress address)
    {
        if (person.OptedOut || person.Inactive) return;
        var now = time.GetUtcNow();
        var row = Delivery.Send($"welcome:{address.PersonKey()}", Campaign, person.Id, address,
            WelcomeCards.Welcome(person, program.Value.Name), now) with { Budgeted = true };
        var window = budget.WindowsFor([person.Id], now)[person.Id];
        var at = budget.NextFree(window, now, person.Id);
        outbox.TryEnqueue(at > now.UtcDateTime ? row with { DueAt = at, HeldUntil = at } : row);
    }
}
