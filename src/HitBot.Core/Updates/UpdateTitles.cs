namespace HitBot.Core.Updates;

/// <summary>
/// What another feature may know of an update from its id alone: its title, or that it is gone. Feedback asks it for
/// "Ask a question" on an update's card and for the inbox's "about …" line.
/// </summary>
public sealed class UpdateTitles(UpdateStore store, UpdateSender sender)
{
    /// <summary>The update's title; null when there is no such update (a card older than the update's deletion).</summary>
    public string? Of(string updateId) => store.Find(updateId)?.Title;

    /// <summary>
    /// The title of an update <paramref name="asker"/> may ask about: one they were sent (not recalled), wrote, or any, for
    /// the central team. Null otherwise: a card's data comes from the client and can name any update, and the title of
    /// another site's update, or of a draft, is not theirs to read.
    /// </summary>
    public string? ForQuestionBy(string updateId, Directory.Person asker) => store.Find(updateId) is { } update
        && (asker.HasRole(Directory.Roles.CentralTeam) || update.CreatedBy == asker.Id || update.RecalledAt is null && sender.WasSentTo(update, asker.Id))
            ? update.Title
            : null;

    /// <summary>
    /// Whether the update went to fewer than <paramref name="people"/> people: named beside an anonymous question, it would
    /// tell the central team that one of those few asked (one named person: who). A draft, or an update gone, went to nobody.
    /// </summary>
    public bool TooFewToNameAnonymously(string updateId, int people) =>
        store.Find(updateId) is not { } update || sender.SentToFewerThan(update, people);

    /// <summary>Whether this update reached <paramref name="reader"/> and was recalled since: their card's buttons say it was withdrawn.</summary>
    public bool WithdrawnFrom(string updateId, Directory.Person reader) =>
        store.Find(updateId) is { RecalledAt: not null } update && sender.WasSentTo(update, reader.Id);
}
