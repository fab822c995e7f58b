using System.Collections.Concurrent;

namespace HitBot.Core.Storage;

/// <summary>
/// For tests: checks every row the outbox queues for the name or e-mail of a person it does not declare
/// (<see cref="Messaging.Outbox.Delivery.Names"/>), so a new writer that shows someone's name and forgets to declare it fails a test instead
/// of leaking the name past that person's erasure. Off in production: <see cref="Storage.HitBotDb.NameAudit"/> is null
/// unless a test sets it, and then each insert pays one null check.
/// In Storage beside <see cref="ErasedPeople"/>, and told about a row field by field, so Storage needs nothing of the outbox.
/// </summary>
/// <remarks>
/// <para>
/// What counts: every person <paramref name="people"/> lists (the test passes the directory, read at each check) whose
/// name or e-mail is in the row's message, other than the row's own person (a message greets its recipient: their
/// erasure deletes the row) and the people it declares.
/// </para>
/// <para>
/// Text a user typed is not the writer's read of the directory, and the audit cannot tell it apart from a name the code
/// put in: a test whose user types another person's name says so with <see cref="Typed"/>; the others keep typed text
/// free of names. Names are matched as the erasure matches them (<see cref="ErasedPeople.NamedIn"/>): a substring of the
/// message's JSON, ignoring case, so tests use distinctive names ("Zelda Quill") that no other text contains.
/// </para>
/// </remarks>
internal sealed class NameAudit(Func<IEnumerable<(string Id, string Name, string Email)>> people)
{
    readonly ConcurrentQueue<string> undeclared = new();
    readonly ConcurrentDictionary<string, byte> typed = new(StringComparer.Ordinal);
    int declaredSeen;

    /// <summary>"campaign / row key names person-id undeclared": one line for each undeclared name found.</summary>
    public IReadOnlyCollection<string> Undeclared => undeclared;

    /// <summary>How many times a declared person's name was found in a queued message: a test checks it is above zero, so a flow that named nobody does not pass vacuously.</summary>
    public int DeclaredSeen => declaredSeen;

    /// <summary>The person's name is in messages because a user typed it (feedback text, an update's body), not because code read it.</summary>
    public void Typed(string personId) => typed[personId] = 0;

    /// <summary>
    /// Checks a row about to be inserted: <paramref name="text"/> is its message's JSON (its shared message's when the row
    /// holds none), <paramref name="personId"/> its recipient, <paramref name="declared"/> the people it names (Delivery.Names).
    /// </summary>
    internal void Check(string campaign, string rowId, string? personId, IReadOnlyCollection<string>? declared, string text)
    {
        if (text.Length == 0) return;
        foreach (var (id, name, email) in people())
        {
            if (id == personId || !(Shows(text, name) || Shows(text, email))) continue;
            if (declared?.Contains(id) == true) Interlocked.Increment(ref declaredSeen);
            else if (!typed.ContainsKey(id)) undeclared.Enqueue($"{campaign} / {rowId} names {id} undeclared");
        }
    }

    static bool Shows(string text, string nameOrEmail) => nameOrEmail.Length > 0 && text.Contains(nameOrEmail, StringComparison.OrdinalIgnoreCase);
}
