using HitBot.Core.Messaging;
using HitBot.Core.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace HitBot.Core.Directory.Chat;

/// <summary>
/// The welcome of someone HitBot reached on its own, before they ever opened the app: a Slack account linked by e-mail,
/// or a Teams app installed for them through Microsoft Graph. It says who runs HitBot, what it will send and how to stop
/// it. Someone who opens the app themselves is welcomed at once instead (Teams), or answered where they wrote (Slack).
/// </summary>
public sealed class ReachedWelcome(OutboxStore outbox, MessageBudget budget, IOptions<ProgramOptions> program, TimeProvider time)
{
    /// <summary>The campaign of every welcome card, on either platform.</summary>
    public const string Campaign = "welcome";

    /// <summary>The outbox key of a chat account's welcome: one per account, whoever queued it first.</summary>
    public static string Key(ChannelAddress address) => $"welcome:{address.PersonKey()}";

    /// <summary>
    /// They wrote to HitBot or opened it there before their welcome went (it waits for their daytime): they were answered
    /// where they wrote, so the welcome is not sent after it, nor counted in their week.
    /// </summary>
    public void Met(ChannelAddress address) =>
        outbox.CancelWaiting([Key(address)], "Not sent: they wrote to HitBot (or opened it) before it went, and were answered there.");

    /// <summary>
    /// Queued once per chat account, and not for someone whose messages go to their other chat: the outbox key stops a
    /// second one after a restart or a later pass. Non-urgent, so it
    /// counts in the person's weekly budget and goes in their daytime on a working day, not at the 2 a.m. of a nightly
    /// roster pass or install pass.
    /// </summary>
    public void Queue(Person person, ChannelAddress address)
    {
        if (person.OptedOut || person.Inactive) return;
        // Linked here while HitBot already reaches them in their other chat: everything keeps going there, so a welcome here
        // would promise updates that never come here, and take one of the week's few non-urgent messages.
        if (PersonReach.Address(person) is { } reaches && reaches.Channel != address.Channel) return;
        var now = time.GetUtcNow();
        var row = Delivery.Send(Key(address), Campaign, person.Id, address,
            WelcomeCards.Welcome(person, program.Value.Name), now) with { Budgeted = true };
        var window = budget.WindowsFor([person.Id], now)[person.Id];
        var at = budget.NextFree(window, now, person.Id);
        outbox.TryEnqueue(at > now.UtcDateTime ? row with { DueAt = at, HeldUntil = at } : row);
    }
}
