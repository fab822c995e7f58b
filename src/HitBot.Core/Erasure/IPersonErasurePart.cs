namespace HitBot.Core.Erasure;

/// <summary>
/// Something outside Core's features that keeps a person's e-mail or chat id (a chat's own queue, such as Teams' "link
/// later" rows): <see cref="PersonErasure"/> asks each one too, so an erasure leaves nothing of them there.
/// </summary>
public interface IPersonErasurePart
{
    /// <summary>
    /// Forgets what it keeps of this person (found by their roster e-mail or a chat's person key); returns how many records
    /// went. Runs again after a stop cut the erasure off, finding only what is left.
    /// </summary>
    int ErasePerson(string email, IReadOnlyCollection<string> chatKeys);
}
