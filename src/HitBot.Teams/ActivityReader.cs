using System.Buffers;
using System.Text.Json;
using HitBot.Teams.Schema;

namespace HitBot.Teams;

/// <summary>An inbound body read as an activity, or the reason it cannot be one (and the HTTP status for that).</summary>
public sealed record ActivityRead(Activity? Activity, int Status, string? Problem)
{
    public static ActivityRead Ok(Activity activity) => new(activity, 200, null);
    public static ActivityRead Refused(int status, string problem) => new(null, status, problem);
}

/// <summary>Reads <c>POST /api/messages</c> bodies with a size cap, so an oversized or malformed request costs nothing.</summary>
public static class ActivityReader
{
    /// <summary>A card submit is a few KB; Teams' own message limit is 100 KB (protocols.md §3.7). Anything past 256 KB is refused.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ActivityRead> ReadAsync(Stream body, long? contentLength, CancellationToken ct)
    {
        if (contentLength > MaxBodyBytes) return TooLarge();

        // Read one byte past the cap: a chunked body without Content-Length is refused the same way. The buffer is
        // pooled: a fresh 256 KB array per request lands on the large object heap, which only a full collection frees.
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var read = 0;
            int n;
            while (read <= MaxBodyBytes && (n = await body.ReadAsync(buffer.AsMemory(read, MaxBodyBytes + 1 - read), ct)) > 0) read += n;
            if (read > MaxBodyBytes) return TooLarge();
            return Parse(buffer.AsSpan(0, read));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    static ActivityRead Parse(ReadOnlySpan<byte> json)
    {
        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(json, Json);
        }
        catch (JsonException)
        {
            return ActivityRead.Refused(400, "The body is not a JSON Bot Framework activity.");
        }
        if (activity?.Type is not { Length: > 0 })
            return ActivityRead.Refused(400, "The activity has no type.");
        return ActivityRead.Ok(activity);
    }

    static ActivityRead TooLarge() =>
        ActivityRead.Refused(413, $"The activity is larger than {MaxBodyBytes / 1024} KB, more than any Teams message can be.");
}
