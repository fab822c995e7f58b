using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Admin;

/// <summary>
/// An uploaded calendar or assignment CSV, read up to 1 MB: a few hundred short lines are a few dozen KB, so more is the
/// wrong file. Without a limit a 20 MB file was read whole, and its first cell came back in the 400, 20 MB long.
/// </summary>
static class CsvUpload
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body's bytes, or null when it is larger than <see cref="MaxBytes"/>.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) return null;
        var buffer = new byte[MaxBytes + 1];
        var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        return read > MaxBytes ? null : buffer[..read];
    }

    public static ProblemHttpResult TooLarge(string what, int maxLines) => TypedResults.Problem(
        title: $"The {what} file is larger than 1 MB, far more than its {maxLines:N0} lines can hold: check that it is the right file. Nothing was changed.",
        statusCode: StatusCodes.Status413PayloadTooLarge);
}
