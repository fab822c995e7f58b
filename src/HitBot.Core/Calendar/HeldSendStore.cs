using HitBot.Core.Storage;
using LiteDB;

namespace HitBot.Core.Calendar;

/// <summary>What the calendar held back, newest first: written by the senders, read by the dashboard.</summary>
public sealed class HeldSendStore(HitBotDb db, TimeProvider time)
{
    public const string Collection = "calendar_held";
    public const int ListLimit = 500;

    ILiteCollection<HeldSend> Rows => db.Collection<HeldSend>(Collection);

    /// <summary>Records a held message once; looking again (every few minutes through a pause) writes nothing.</summary>
    public void Record(HeldKind kind, string key, string subjectId, string title, DateTime dueAt, DateTime? goesAt, CalendarEntry pause, bool skipped = false)
    {
        var id = $"{kind}:{key}";
        if (Rows.FindById(id) is not null) return;
        Rows.Insert(new HeldSend
        {
            Id = id, Kind = kind, SubjectId = subjectId, Title = title, DueAt = dueAt, GoesAt = goesAt, Skipped = skipped,
            PauseId = pause.Id, PauseName = pause.Name, HeldAt = time.GetUtcNow().UtcDateTime,
        });
    }

    public List<HeldSend> Latest() => [.. Rows.FindAll().OrderByDescending(h => h.DueAt).Take(ListLimit)];

    /// <summary>Forgets holds that were due and went (or were skipped) before <paramref name="cutoff"/>; answers how many.</summary>
    public int PruneBefore(DateTime cutoff) =>
        Rows.DeleteMany(h => h.DueAt < cutoff && (h.GoesAt == null || h.GoesAt < cutoff));
}
