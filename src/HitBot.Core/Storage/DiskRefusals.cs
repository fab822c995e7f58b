using System.Runtime.CompilerServices;

namespace HitBot.Core.Storage;

/// <summary>
/// The errors the system gave when it refused a write to the database (a full disk, one turned read-only), each marked
/// where it was thrown, so that whatever it fails later is told apart from any other failure. LiteDB keeps such an error
/// and throws the same one again at every later call, reads included, and its page writer may meet it on a thread of its
/// own: the request that sees it first is often not the one whose write was refused (<see cref="HitBotDb.RefusalBehind"/>).
/// </summary>
static class DiskRefusals
{
    static readonly ConditionalWeakTable<Exception, object> Marked = new();
    static readonly object Seen = new();

    /// <summary>Marks <paramref name="refusal"/> as the disk's and returns it.</summary>
    public static T Mark<T>(T refusal) where T : Exception
    {
        Marked.AddOrUpdate(refusal, Seen);
        return refusal;
    }

    /// <summary>True when <paramref name="e"/> is an error the disk gave refusing a write.</summary>
    public static bool Are(Exception e) => Marked.TryGetValue(e, out _);
}
