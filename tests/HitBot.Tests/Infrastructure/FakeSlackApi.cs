using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HitBot.Tests.Infrastructure;

/// <summary>One Web API call the fake received, as HitBot sent it.</summary>
public sealed record SlackCall(string Method, Dictionary<string, string> Headers, string ContentType, string Body)
{
    public string? Authorization => Headers.GetValueOrDefault("Authorization");

    /// <summary>The call's arguments: a JSON body, or a form one (Slack takes both; Slack's own SDKs send forms) as strings.</summary>
    public JsonObject Json => ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
        ? new JsonObject(Form.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value))))
        : JsonNode.Parse(Body) as JsonObject ?? throw new InvalidOperationException($"{Method} had no JSON body: {Body}");

    public Dictionary<string, string> Form => QueryHelpers.ParseQuery(Body).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());

    /// <summary>The posted message's button labelled <paramref name="label"/> (exactly one).</summary>
    public JsonObject Button(string label) => Json["blocks"]!.AsArray().OfType<JsonObject>()
        .SelectMany(b => b["elements"] as JsonArray ?? []).OfType<JsonObject>()
        .Single(e => (string?)e["type"] == "button" && (string?)e["text"]?["text"] == label);
}

/// <summary>
/// A real local HTTP server standing in for the Slack Web API (<c>POST /api/{method}</c>). It records every call, answers
/// each method the way Slack does, and can be told to answer the next call of a method with ok:false or 429 + Retry-After.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    public const string TeamId = "T0TEST";
    public const string BotUserId = "U0BOT";
    readonly WebApplication app;
    readonly ConcurrentQueue<SlackCall> calls = new();
    readonly ConcurrentDictionary<string, (string Email, string? TimeZone, string? Locale)> users = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> deactivated = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, (string TeamId, string? EnterpriseId)> homes = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> deletedInLookups = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, ConcurrentQueue<Func<IResult>>> failures = new(StringComparer.Ordinal);
    readonly Lock gate = new();
    TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    int messages;

    FakeSlackApi()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/api/{method}", HandleAsync);
    }

    public static async Task<FakeSlackApi> StartAsync()
    {
        var fake = new FakeSlackApi();
        await fake.app.StartAsync();
        return fake;
    }

    public string ApiBaseUrl => app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First() + "/api/";

    public IReadOnlyList<SlackCall> Calls => [.. calls];

    public IReadOnlyList<SlackCall> CallsTo(string method) => [.. calls.Where(c => c.Method == method)];

    /// <summary>A workspace member users.info and users.lookupByEmail know about; the locale is answered only to include_locale.</summary>
    public void AddUser(string userId, string email, string? timeZone = null, string? locale = null) => users[userId] = (email, timeZone, locale);

    /// <summary>
    /// A Slack account whose home is another workspace, as users.info and users.lookupByEmail report it: a Slack Connect user
    /// of another organisation (their own team id, and enterprise id when their organisation is a Grid), or a member of a
    /// sister workspace in the same Enterprise Grid (<see cref="EnterpriseId"/>).
    /// </summary>
    public void AddUserOf(string teamId, string userId, string email, string? enterpriseId = null)
    {
        homes[userId] = (teamId, enterpriseId);
        users[userId] = (email, null, null);
    }

    /// <summary>The Enterprise Grid organisation of the bot token's workspace (auth.test's enterprise_id); null outside a Grid.</summary>
    public string? EnterpriseId { get; set; }

    /// <summary>An admin deactivated this member: Slack refuses to open a DM with them (<c>user_disabled</c>).</summary>
    public void Deactivate(string userId) => deactivated[userId] = true;

    /// <summary>An admin reactivated this member: DMs open again.</summary>
    public void Reactivate(string userId) => deactivated.TryRemove(userId, out _);

    /// <summary>An admin deactivated this member before HitBot looked them up: users.* answer them with <c>deleted: true</c>.</summary>
    public void DeactivatedBeforeLookup(string userId) => deletedInLookups[userId] = true;

    /// <summary>The next call of <paramref name="method"/> gets <c>ok:false</c> with this error code.</summary>
    public void FailNext(string method, string error) =>
        Failures(method).Enqueue(() => Results.Json(new { ok = false, error }));

    /// <summary>The next call of <paramref name="method"/> gets HTTP 429 with <c>Retry-After</c>, as Slack throttles.</summary>
    public void RateLimitNext(string method, int retryAfterSeconds) => Failures(method).Enqueue(() => new RateLimited(retryAfterSeconds));

    /// <summary>The next call of <paramref name="method"/> gets this HTTP status with a page that is not Slack's JSON, as an outage answers.</summary>
    public void ServerErrorNext(string method, int status = 503) =>
        Failures(method).Enqueue(() => Results.Content("<html><body>Service Unavailable</body></html>", "text/html", statusCode: status));

    /// <summary>Completes when the calls received so far satisfy <paramref name="condition"/>; waits on arrivals, never on a clock.</summary>
    public async Task WaitForAsync(Func<IReadOnlyList<SlackCall>, bool> condition, CancellationToken ct)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(ct);
        guard.CancelAfter(TimeSpan.FromSeconds(60));
        while (true)
        {
            Task next;
            lock (gate) next = changed.Task;
            if (condition(Calls)) return;
            try
            {
                await next.WaitAsync(guard.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new TimeoutException($"The fake Slack API did not get the expected calls; it got: {string.Join(", ", Calls.Select(c => c.Method))}");
            }
        }
    }

    ConcurrentQueue<Func<IResult>> Failures(string method) => failures.GetOrAdd(method, _ => new ConcurrentQueue<Func<IResult>>());

    async Task<IResult> HandleAsync(string method, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        var call = new SlackCall(method, request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), request.ContentType ?? "", body);
        var result = failures.TryGetValue(method, out var queue) && queue.TryDequeue(out var failure) ? failure() : Answer(call);
        calls.Enqueue(call);
        lock (gate)
        {
            changed.TrySetResult();
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        return result;
    }

    IResult Answer(SlackCall call)
    {
        switch (call.Method)
        {
            case "auth.test":
                return Results.Json(new { ok = true, team = "Test", user = "hitbot", team_id = TeamId, user_id = BotUserId, bot_id = "B0BOT", enterprise_id = EnterpriseId });
            case "chat.postMessage":
                var ts = $"1700000000.{Interlocked.Increment(ref messages).ToString("D6", CultureInfo.InvariantCulture)}";
                return Results.Json(new { ok = true, channel = (string?)call.Json["channel"], ts });
            case "chat.update":
                return Results.Json(new { ok = true, channel = (string?)call.Json["channel"], ts = (string?)call.Json["ts"] });
            case "chat.delete":
                return Results.Json(new { ok = true, channel = (string?)call.Json["channel"], ts = (string?)call.Json["ts"] });
            case "conversations.open":
                return deactivated.ContainsKey((string?)call.Json["users"] ?? "")
                    ? Results.Json(new { ok = false, error = "user_disabled" })
                    : Results.Json(new { ok = true, channel = new { id = "D" + (string?)call.Json["users"] } });
            case "users.info":
                return User(call.Form.GetValueOrDefault("user", ""), "user_not_found", call.Form.GetValueOrDefault("include_locale") == "true");
            case "users.lookupByEmail":
                var email = call.Form.GetValueOrDefault("email", "");
                return User(users.FirstOrDefault(u => u.Value.Email == email).Key ?? "", "users_not_found");
            case "views.publish" or "views.open":
                return Results.Json(new { ok = true, view = new { id = "V0TEST" } });
            default:
                return Results.Json(new { ok = false, error = "unknown_method" });
        }
    }

    IResult User(string userId, string notFound, bool withLocale = false) => users.TryGetValue(userId, out var user)
        ? Results.Json(new { ok = true, user = new
        {
            id = userId, team_id = homes.TryGetValue(userId, out var home) ? home.TeamId : TeamId, tz = user.TimeZone,
            enterprise_user = (home.EnterpriseId ?? (homes.ContainsKey(userId) ? null : EnterpriseId)) is { } enterprise ? new { id = userId, enterprise_id = enterprise } : null,
            is_bot = false, deleted = deletedInLookups.ContainsKey(userId), profile = new { email = user.Email },
            locale = withLocale ? user.Locale : null,
        } })
        : Results.Json(new { ok = false, error = notFound });

    sealed class RateLimited(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return httpContext.Response.WriteAsJsonAsync(new { ok = false, error = "ratelimited" });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
