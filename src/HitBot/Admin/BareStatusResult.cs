using Microsoft.AspNetCore.Diagnostics;

namespace HitBot.Admin;

/// <summary>
/// A status with no body at all. The Bot Framework expects exactly that for 401 and 501 (protocols.md §1.1, §2.2),
/// so status-code pages must not turn it into a problem document.
/// </summary>
public sealed class BareStatusResult(int status) : IResult, IStatusCodeHttpResult
{
    public static readonly BareStatusResult Unauthorized = new(StatusCodes.Status401Unauthorized);

    public int? StatusCode => status;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        if (httpContext.Features.Get<IStatusCodePagesFeature>() is { } pages) pages.Enabled = false;
        httpContext.Response.StatusCode = status;
        return Task.CompletedTask;
    }
}
