using Microsoft.Extensions.Logging;

namespace HitBot.Core.ActionPlan;

/// <summary>The action plan's log events (ids 5000–5999). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "Reminder {SlotId} queued for action item {ItemId}")]
    public static partial void ReminderQueued(ILogger logger, string itemId, string slotId);

    [LoggerMessage(5002, LogLevel.Information, "Action item {ItemId} escalated ({Why}) to {Count} people")]
    public static partial void ItemEscalated(ILogger logger, string itemId, string why, int count);

    [LoggerMessage(5003, LogLevel.Information, "Action-plan digest of {Day} queued for {Count} people")]
    public static partial void DigestQueued(ILogger logger, DateOnly day, int count);

    [LoggerMessage(5004, LogLevel.Error, "The action-plan reminder look failed; trying again at the next one")]
    public static partial void ReminderLookFailed(ILogger logger, Exception exception);

    [LoggerMessage(5005, LogLevel.Error, "Reminders for action item {ItemId} failed; the other items go on, and this one is tried again at the next look")]
    public static partial void ItemLookFailed(ILogger logger, Exception exception, string itemId);
}
