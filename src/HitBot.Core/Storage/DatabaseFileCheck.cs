using System.Text;
using LiteDB;

namespace HitBot.Core.Storage;

/// <summary>
/// Looks at an existing database file before LiteDB opens it (which could write to it): LiteDB 5 files are whole 8 KB
/// pages, and the first page carries the text "** This is a LiteDB file **" at byte 32 and the id of the file's last page
/// at byte 64 (LiteDB's HeaderPage).
/// </summary>
static class DatabaseFileCheck
{
    const int PageSize = 8192;
    const int HeaderInfoOffset = 32;
    static readonly byte[] HeaderInfo = Encoding.UTF8.GetBytes("** This is a LiteDB file **");
    const int LastPageIdOffset = 64;

    public static void ThrowIfDamaged(string path, IDisposable processLock)
    {
        var file = new FileInfo(path);
        if (!file.Exists) return;
        var what = file.Length == 0 ? "is empty (0 bytes), so it holds none of the data it once held"
            : file.Length % PageSize != 0 ? $"is damaged (its length, {file.Length:N0} bytes, is not a whole number of LiteDB pages: it was cut short)"
            : !HasHeader(path) ? "is damaged or is not a LiteDB database (its first page has no LiteDB header)"
            : PagesMissing(path, file.Length) is { } counted ? $"is damaged (it holds {file.Length / PageSize:N0} pages of the {counted:N0} its header counts: it was cut short)"
            : null;
        if (what is null) return;
        processLock.Dispose();
        throw new DatabaseDamagedException(path, what);
    }

    /// <summary>What LiteDB throws on a file it cannot read (bad pages, bad documents); not file locks or our own bugs.</summary>
    public static bool IsDamage(Exception e) =>
        e is LiteException or InvalidCastException or IndexOutOfRangeException or ArgumentOutOfRangeException or EndOfStreamException
        || (e is InvalidOperationException && e.Source == "LiteDB");

    /// <summary>
    /// The pages the header counts, when the file holds fewer: a copy that stopped on a page boundary (a full disk, an
    /// interrupted copy), which LiteDB opens and then fails on every read past the cut. Only a file without a log of its
    /// own: a checkpoint writes every page up to the header's last one before it empties the log, and until then the log
    /// holds them.
    /// </summary>
    static long? PagesMissing(string path, long length)
    {
        var log = new FileInfo(LogFile.PathFor(path));
        if (log.Exists && log.Length > 0) return null;
        var buffer = new byte[sizeof(uint)];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = LastPageIdOffset;
        stream.ReadExactly(buffer);
        var pages = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(buffer) + 1L;
        return pages * PageSize > length ? pages : null;
    }

    static bool HasHeader(string path)
    {
        var buffer = new byte[HeaderInfoOffset + HeaderInfo.Length];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false) == buffer.Length
               && buffer.AsSpan(HeaderInfoOffset).SequenceEqual(HeaderInfo);
    }
}
