namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Each person's own time zone, so the message budget moves a message into their daytime, not the program's (a tutor
/// three zones away got it at night). The directory answers it; Messaging only asks, so it does not depend on the feature.
/// </summary>
public interface IPersonZones
{
    /// <summary>The person's zone, or null when they have none or it is not known here (the program's zone then).</summary>
    TimeZoneInfo? ZoneOf(string personId);
}
