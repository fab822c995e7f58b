namespace HitBot.Core.Messaging.Outbox;

/// <summary>A platform refused a message. <see cref="Permanent"/> failures (user removed the app, bad request) are never retried.</summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException(string reason, int? status, bool permanent, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(reason, inner)
    {
        Status = status;
        Permanent = permanent;
        RetryAfter = retryAfter;
    }

    public int? Status { get; }
    public bool Permanent { get; }
    public TimeSpan? RetryAfter { get; }

    /// <summary>The person blocked or removed the app (or left the workspace): later sends skip this chat until they come back.</summary>
    public bool PersonUnreachable { get; init; }

    /// <summary>
    /// The platform refuses HitBot itself (the app removed, its token revoked): nothing is wrong with the message or the
    /// person, so the row waits, uncounted, until the platform takes HitBot's messages again, and so do that platform's others.
    /// </summary>
    public bool WaitsForCredentials { get; init; }

    /// <summary>One of <see cref="FailureClasses"/>; when the channel sets none it follows from <see cref="Status"/>.</summary>
    public string FailureClass
    {
        get => failureClass ?? (PersonUnreachable ? FailureClasses.Blocked : FailureClasses.OfStatus(Status));
        init => failureClass = value;
    }

    readonly string? failureClass;
}
