using HitBot.Slack;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HitBot.Channels;

/// <summary>Slack's three request URLs (protocols.md §6.1). Mapped only when Slack is on; the logic is in <see cref="SlackRequestHandler"/>.</summary>
public static class SlackEndpoints
{
    /// <summary>Slack's payloads are a few kB; a body larger than this is not Slack and is refused before it is buffered.</summary>
    const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Slack's unsigned TLS check of the commands URL (protocols.md §6.1) is <c>ssl_check=1&amp;token=…</c>.</summary>
    const int MaxUnsignedBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetService<SlackRequestHandler>() is null) return app;
        var slack = app.MapGroup("/slack");
        slack.MapPost("/events", (HttpRequest request, SlackRequestHandler handler, CancellationToken ct) =>
            HandleAsync(request, handler, SlackRequestHandler.EventsEndpoint, body => handler.EventsAsync(
                request.Headers[SlackRequestVerifier.TimestampHeader], request.Headers[SlackRequestVerifier.SignatureHeader],
                request.Headers["X-Slack-Retry-Num"], body), ct));
        slack.MapPost("/interactions", (HttpRequest request, SlackRequestHandler handler, CancellationToken ct) =>
            HandleAsync(request, handler, SlackRequestHandler.InteractionsEndpoint, body => handler.InteractionsAsync(
                request.Headers[SlackRequestVerifier.TimestampHeader], request.Headers[SlackRequestVerifier.SignatureHeader], body, ct), ct));
        slack.MapPost("/commands", (HttpRequest request, SlackRequestHandler handler, CancellationToken ct) =>
            HandleAsync(request, handler, SlackRequestHandler.CommandsEndpoint, body => handler.CommandsAsync(
                request.Headers[SlackRequestVerifier.TimestampHeader], request.Headers[SlackRequestVerifier.SignatureHeader], body, ct), ct));
        return app;
    }

    static async Task<Results<Ok, ContentHttpResult, ProblemHttpResult>> HandleAsync(HttpRequest request, SlackRequestHandler handler,
        string endpoint, Func<ReadOnlyMemory<byte>, Task<SlackReply>> handle, CancellationToken ct)
    {
        // Headers first: a request that cannot be Slack's (no signature, a stale one) is refused without reading a byte of body.
        string? timestamp = request.Headers[SlackRequestVerifier.TimestampHeader], signature = request.Headers[SlackRequestVerifier.SignatureHeader];
        if (handler.RefusedBeforeBody(timestamp, signature, endpoint) is { } refused) return Problem(refused);
        // Slack's unsigned TLS check is two short fields; an unsigned body longer than that is nobody's and is not read on.
        var unsigned = string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature);
        // The signature covers the exact bytes Slack sent, so the body is read raw, before any form or JSON binding.
        if (await ReadBodyAsync(request, unsigned ? MaxUnsignedBytes : MaxBodyBytes, ct) is not { } body)
            return Problem(unsigned ? SlackReply.BadSignature : new SlackReply(StatusCodes.Status413PayloadTooLarge,
                Problem: $"The request body is larger than {MaxBodyBytes / 1024 / 1024} MB, more than any Slack payload. Nothing was changed."));
        var reply = await handle(body);
        if (reply.RetryAfterSeconds is { } seconds)
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (reply.Problem is not null) return Problem(reply);
        return reply.Body is null ? TypedResults.Ok() : TypedResults.Content(reply.Body, reply.ContentType + "; charset=utf-8");
    }

    static ProblemHttpResult Problem(SlackReply reply) => TypedResults.Problem(title: reply.Problem, statusCode: reply.Status);

    static async Task<ReadOnlyMemory<byte>?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
