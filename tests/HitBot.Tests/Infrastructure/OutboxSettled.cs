using HitBot.Core.Messaging.Outbox;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// "The dispatcher has caught up", read from the outbox itself as well as from the dispatcher's report. The report alone
/// could be one from before the test queued something or moved the clock (the dispatcher had not woken yet): a test then
/// read the chat before the message it was about had gone, and passed or failed by luck.
/// </summary>
static class OutboxSettled
{
    public static Task WaitAsync(HitBotApp app, TimeSpan timeout, CancellationToken ct)
    {
        var outbox = app.Get<OutboxStore>();
        var progress = app.Get<DispatcherProgress>();
        return progress.WaitForAsync(() =>
            progress.SettledAt is not null && outbox.InFlight == 0 && outbox.CountByState()[DeliveryState.Sending] == 0
            && (outbox.WaitingCount() == 0 || outbox.NextDueAt() > app.Time.GetUtcNow()), timeout, ct);
    }
}
