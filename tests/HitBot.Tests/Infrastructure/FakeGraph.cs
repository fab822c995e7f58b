using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests.Infrastructure;

/// <summary>One request the fake Graph received.</summary>
public sealed record GraphCall(string Method, string Path, string Query, JsonNode? Body);

/// <summary>
/// A real local HTTP server standing in for Microsoft Graph's users and Teams app-installation calls (protocols.md §3.8),
/// under <c>/v1.0</c>. Throttles with 429 + Retry-After when told to, like Graph does.
/// </summary>
public sealed class FakeGraph : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentQueue<GraphCall> calls = new();
    readonly ConcurrentDictionary<string, string> usersByMail = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, string> installs = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (int Status, string Code)> refusals = new(StringComparer.Ordinal);
    readonly Lock gate = new();
    int throttleEvery;
    int requestCount;
    volatile Tuple<int, string>? lookupRefusal;
    string throttleRetryAfter = "1";

    FakeGraph()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(RecordAndThrottle);
        app.MapGet("/v1.0/users", (HttpContext context) =>
        {
            if (lookupRefusal is { } refused) return (IResult)Error(refused.Item1, refused.Item2, null);
            var filter = context.Request.Query["$filter"].ToString();
            // The fake's users have the same UPN as mail.
            var mail = filter.StartsWith("mail eq '", StringComparison.Ordinal) ? filter[9..^1].Replace("''", "'", StringComparison.Ordinal)
                : filter.StartsWith("userPrincipalName eq '", StringComparison.Ordinal) ? filter[22..^1].Replace("''", "'", StringComparison.Ordinal) : "";
            var value = new JsonArray();
            if (usersByMail.TryGetValue(mail, out var id)) value.Add(new JsonObject { ["id"] = id });
            return Results.Json(new JsonObject { ["value"] = value });
        });
        // A UPN look-up: the fake's users have the same UPN as mail.
        app.MapGet("/v1.0/users/{upn}", (string upn) => usersByMail.TryGetValue(upn, out var id)
            ? Results.Json(new JsonObject { ["id"] = id })
            : (IResult)Error(404, "Request_ResourceNotFound", null));
        app.MapPost("/v1.0/users/{id}/teamwork/installedApps", (string id, JsonObject body) =>
        {
            if (!usersByMail.Values.Contains(id)) return (IResult)Error(404, "NotFound", null);
            if (refusals.TryGetValue(id, out var refusal)) return Error(refusal.Status, refusal.Code, null);
            CatalogBinding = body["teamsApp@odata.bind"]?.GetValue<string>();
            return installs.TryAdd(id, "install-" + id) ? Results.StatusCode(201) : Error(409, "Conflict", null);
        });
        app.MapGet("/v1.0/users/{id}/teamwork/installedApps/{installId}/chat", (string id, string installId) =>
            installs.TryGetValue(id, out var known) && known == installId
                ? Results.Json(new JsonObject { ["id"] = $"19:{id}_hitbot@unq.gbl.spaces" })
                : (IResult)Error(404, "NotFound", null));
    }

    public static async Task<FakeGraph> StartAsync()
    {
        var fake = new FakeGraph();
        await fake.app.StartAsync();
        return fake;
    }

    public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public IReadOnlyList<GraphCall> Calls => [.. calls];

    /// <summary>The <c>teamsApp@odata.bind</c> of the last install: which catalog app HitBot asked for.</summary>
    public string? CatalogBinding { get; private set; }

    public IReadOnlyCollection<string> Installed => [.. installs.Keys];

    /// <summary>A user in the tenant; returns their Entra object id.</summary>
    public string AddUser(string email)
    {
        var id = Guid.NewGuid().ToString();
        usersByMail[email] = id;
        return id;
    }

    /// <summary>Installs for this user are refused, as Graph does for an account without a Teams licence or one a policy keeps from HitBot.</summary>
    public void RefuseInstall(string userId, int status, string code) => refusals[userId] = (status, code);

    /// <summary>
    /// Every look-up of a user is refused (Graph's 403 <c>Authorization_RequestDenied</c> for an app without User.Read.All or
    /// its admin consent), until <paramref name="status"/> is null.
    /// </summary>
    public void RefuseLookups(int? status, string code = "Authorization_RequestDenied") =>
        lookupRefusal = status is { } s ? Tuple.Create(s, code) : null;

    /// <summary>Every <paramref name="every"/>-th request is answered 429 with this Retry-After, as a busy tenant would.</summary>
    public void Throttle(int every, string retryAfter)
    {
        lock (gate) (throttleEvery, throttleRetryAfter) = (every, retryAfter);
    }

    async Task RecordAndThrottle(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        calls.Enqueue(new GraphCall(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "",
            text.Length > 0 ? JsonNode.Parse(text) : null));
        string? retryAfter = null;
        lock (gate)
        {
            requestCount++;
            if (throttleEvery > 0 && requestCount % throttleEvery == 0) retryAfter = throttleRetryAfter;
        }
        if (retryAfter is not null)
        {
            await Error(429, "TooManyRequests", retryAfter).ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    static ErrorResult Error(int status, string code, string? retryAfter) => new ErrorResult(status, code, retryAfter);

    sealed class ErrorResult(int status, string code, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["request-id"] = Guid.NewGuid().ToString();
            if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
            return context.Response.WriteAsJsonAsync(new { error = new { code, message = $"Fake Graph says {code}." } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
