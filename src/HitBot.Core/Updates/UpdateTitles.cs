namespace HitBot.Core.Updates;

/// <summary>
/// What another feature may know of an update from its id alone: its title, or that it is gone. Feedback asks it for
/// "Ask a question" on an update's card and for the inbox's "about …" line.
/// </summary>
public sealed class UpdateTitles(UpdateStore store)
{
    /// <summary>The update's title; null when there is no such update (a card older than the update's deletion).</summary>
    public string? Of(string updateId) => store.Find(updateId)?.Title;
}
