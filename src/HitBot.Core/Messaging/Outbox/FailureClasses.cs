namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Why a delivery failed, as a fixed set the delivery report and its CSV use (the reason text says more). Each channel
/// sets one on its <see cref="DeliveryException"/>; anything unexpected counts as a network failure, which is retried.
/// </summary>
public static class FailureClasses
{
    public const string Blocked = "blocked";
    public const string NotFound = "not-found";
    public const string Throttled = "throttled";
    public const string Rejected = "rejected";
    public const string ExpiredCredentials = "expired-credentials";
    public const string Network = "network";

    public static readonly IReadOnlyList<string> All = [Blocked, NotFound, Throttled, Rejected, ExpiredCredentials, Network];

    /// <summary>The class of an HTTP status when the platform said nothing more precise.</summary>
    public static string OfStatus(int? status) => status switch
    {
        401 => ExpiredCredentials,
        403 => Blocked,
        404 => NotFound,
        429 => Throttled,
        >= 400 and < 500 => Rejected,
        _ => Network,
    };
}
