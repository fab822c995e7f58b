using Microsoft.Extensions.Logging;

namespace HitBot.Core.Messaging.Outbox;

/// <summary>The outbox's log events (ids 2000–2999; routing keeps 1000–1999 in Routing/Log.cs, each part its own, e.g. Updates/Log.cs). Ids only: never tokens, message text or answers (style.md, Logging).</summary>
static partial class Log
{
    [LoggerMessage(2001, LogLevel.Debug, "Delivery {DeliveryId} sent on {Channel} (attempt {Attempt})")]
    public static partial void DeliverySent(ILogger logger, string deliveryId, ChannelKind channel, int attempt);

    [LoggerMessage(2002, LogLevel.Warning, "Delivery {DeliveryId} failed with status {Status} on attempt {Attempt} of {MaxAttempts}; retrying at {RetryAt}")]
    public static partial void DeliveryRetrying(ILogger logger, string deliveryId, int? status, int attempt, int maxAttempts, DateTimeOffset retryAt);

    [LoggerMessage(2003, LogLevel.Warning, "Delivery {DeliveryId} failed unexpectedly on attempt {Attempt}")]
    public static partial void DeliveryFailedUnexpectedly(ILogger logger, Exception exception, string deliveryId, int attempt);

    [LoggerMessage(2004, LogLevel.Warning, "Delivery {DeliveryId} is dead after {Attempts} attempts (status {Status}): {Reason}")]
    public static partial void DeliveryDead(ILogger logger, string deliveryId, int attempts, int? status, string reason);

    [LoggerMessage(2005, LogLevel.Information, "Delivery {DeliveryId} waits for the {Channel} rate limit until {RetryAt}")]
    public static partial void DeliveryPaced(ILogger logger, string deliveryId, ChannelKind channel, DateTimeOffset retryAt);

    [LoggerMessage(2006, LogLevel.Warning, "Delivery {DeliveryId} was interrupted by shutdown and is queued again")]
    public static partial void DeliveryInterrupted(ILogger logger, string deliveryId);

    [LoggerMessage(2007, LogLevel.Error, "The outcome of delivery {DeliveryId} could not be recorded; it is not sent again until the next start")]
    public static partial void OutcomeNotRecorded(ILogger logger, Exception exception, string deliveryId);

    [LoggerMessage(2008, LogLevel.Warning, "Delivery {DeliveryId} was sent but the conversation of person {PersonId} could not be remembered")]
    public static partial void ConversationNotRemembered(ILogger logger, Exception exception, string deliveryId, string personId);

    [LoggerMessage(2009, LogLevel.Error, "The dispatcher could not read the outbox; trying again in {Wait}")]
    public static partial void OutboxUnreadable(ILogger logger, Exception exception, TimeSpan wait);

    [LoggerMessage(2010, LogLevel.Information, "Dispatcher stopping: letting sends in flight finish for up to {Grace}")]
    public static partial void DispatcherStopping(ILogger logger, TimeSpan grace);

    [LoggerMessage(2011, LogLevel.Warning, "Dispatcher stopping: sends still in flight after {Grace} are cut off and queued again")]
    public static partial void GraceExpired(ILogger logger, TimeSpan grace);

    [LoggerMessage(2012, LogLevel.Error, "A group commit of {Requests} inbound requests failed; each is committed on its own")]
    public static partial void GroupCommitFailed(ILogger logger, Exception exception, int requests);

    [LoggerMessage(2013, LogLevel.Information, "Finished the cancels the last run left under way: {Stopped} deliveries cancelled")]
    public static partial void InterruptedCancelsFinished(ILogger logger, int stopped);

    [LoggerMessage(2014, LogLevel.Error, "The cancels the last run left under way could not be finished now; their deliveries are dropped as they come due")]
    public static partial void InterruptedCancelsFailed(ILogger logger, Exception exception);

    [LoggerMessage(2015, LogLevel.Information, "Delivery {DeliveryId} was refused by the person's {From} chat; it goes to their {To} chat instead")]
    public static partial void DeliveryRerouted(ILogger logger, string deliveryId, ChannelKind from, ChannelKind to);

    [LoggerMessage(2016, LogLevel.Warning, "Delivery {DeliveryId} was not sent: the database file was closed after a refused write, so it goes at the next start")]
    public static partial void NotSentFileClosed(ILogger logger, string deliveryId);
}
