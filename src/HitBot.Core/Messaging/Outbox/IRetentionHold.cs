namespace HitBot.Core.Messaging.Outbox;

/// <summary>
/// Campaigns whose finished delivery rows a part above Messaging still reads, whatever their age (an open survey run's
/// invitations and reminders): <see cref="RetentionLoop"/> asks every registered hold before it prunes.
/// </summary>
public interface IRetentionHold
{
    IEnumerable<string> CampaignsInUse();
}
