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

/// <summary>One request the fake received, as HitBot sent it.</summary>
public sealed record ConnectorCall(string Method, string Path, string RawTarget, Dictionary<string, string> Headers, JsonNode? Body, string Form)
{
    public string? Authorization => Headers.GetValueOrDefault("Authorization");
}

/// <summary>
/// A real local HTTP server standing in for the Bot Connector (under <see cref="ServiceUrl"/>) and the Entra token
/// endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>). It records every call and can be told to fail.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    const string Prefix = "/amer";
    readonly WebApplication app;
    readonly ConcurrentQueue<ConnectorCall> calls = new();
    readonly ConcurrentDictionary<string, JsonObject> members = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> blocked = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> goneChats = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, bool> deletedActivities = new(StringComparer.Ordinal);
    readonly Lock gate = new();
    readonly List<TaskCompletionSource> waiters = [];
    int failuresLeft;
    int memberFailuresLeft;
    int memberFailureStatus;
    string? memberFailureRetryAfter;
    int failureStatus;
    string? failureRetryAfter;
    int activityCount;
    int tokenRequests;
    readonly bool recordCalls;

    FakeBotConnector(bool recordCalls)
    {
        this.recordCalls = recordCalls;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.Use(Record);
        app.MapPost("/{tenant}/oauth2/v2.0/token", () =>
        {
            var n = Interlocked.Increment(ref tokenRequests);
            // Microsoft Entra's error body: the OAuth error, and the AADSTS code leading the description.
            if (TokenRefusal is { } refused)
                return Results.Json(new { error = refused.Error, error_description = $"{refused.Aadsts}: the fake login service says no.",
                    error_codes = new[] { int.Parse(refused.Aadsts[6..], System.Globalization.CultureInfo.InvariantCulture) } }, statusCode: refused.Status);
            return Results.Json(new { token_type = "Bearer", expires_in = 3600, ext_expires_in = 3600, access_token = $"fake-token-{n}" });
        });
        app.MapPost(Prefix + "/v3/conversations", (JsonObject body) =>
        {
            var user = body["members"]?[0]?["id"]?.GetValue<string>() ?? "";
            if (Refusal(user) is { } refused) return (IResult)refused;
            goneChats.TryRemove(user, out _);
            return Results.Json(new { id = ConversationFor(user) });
        });
        app.MapPost(Prefix + "/v3/conversations/{conversationId}/activities", (string conversationId) =>
            (IResult?)Refusal(conversationId)
            ?? (conversationId.StartsWith("a:", StringComparison.Ordinal) && goneChats.ContainsKey(conversationId[2..])
                ? new ErrorResult(404, "ConversationNotFound", null) : null)
            ?? Results.Json(new { id = $"activity-{Interlocked.Increment(ref activityCount)}" }));
        // ReplyToActivity: what the Bot Framework SDK calls for a reply in a turn (the bench's botbuilder reference bot).
        app.MapPost(Prefix + "/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId) =>
            (IResult?)Refusal(conversationId) ?? Results.Json(new { id = $"activity-{Interlocked.Increment(ref activityCount)}" }));
        app.MapPut(Prefix + "/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId) =>
            (IResult?)Refusal(conversationId) ?? Results.Json(new { id = activityId }));
        // Teams answers a delete with a bare status; a second delete of the same activity finds nothing (404).
        app.MapDelete(Prefix + "/v3/conversations/{conversationId}/activities/{activityId}", (string conversationId, string activityId) =>
            (IResult?)Refusal(conversationId)
            ?? (deletedActivities.TryAdd(conversationId + "/" + activityId, true) ? Results.Ok() : new ErrorResult(404, "ActivityNotFound", null)));
        app.MapGet(Prefix + "/v3/conversations/{conversationId}/members/{userId}", (string userId) =>
            (IResult?)MemberRefusal()
            ?? (members.TryGetValue(userId, out var member)
                ? Results.Json(member)
                : new ErrorResult(404, "MemberNotFoundInConversation", null)));
    }

    /// <param name="recordCalls">
    /// False for load drivers: keeping and parsing every request would make the stand-in, not HitBot, the measure.
    /// Only <see cref="ActivityCount"/> is kept then.
    /// </param>
    public static async Task<FakeBotConnector> StartAsync(bool recordCalls = true)
    {
        var fake = new FakeBotConnector(recordCalls);
        await fake.app.StartAsync();
        return fake;
    }

    /// <summary>Like Teams' regional service URLs: a path under the host, with a trailing slash.</summary>
    public string ServiceUrl => BaseUrl + Prefix + "/";

    public string BaseUrl => app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

    public IReadOnlyList<ConnectorCall> Calls => [.. calls];

    /// <summary>Calls to the Bot Connector itself, not to the token endpoint.</summary>
    public IReadOnlyList<ConnectorCall> ConnectorCalls => [.. calls.Where(c => c.Path.StartsWith(Prefix, StringComparison.Ordinal))];

    public int TokenRequests => Volatile.Read(ref tokenRequests);

    /// <summary>Set: every token request is refused as Microsoft Entra refuses a wrong secret, app or tenant (e.g. 401 invalid_client AADSTS7000215).</summary>
    public (int Status, string Error, string Aadsts)? TokenRefusal { get; set; }

    /// <summary>The 1:1 conversation id the fake opens for a user: the same one every time, as Teams does.</summary>
    public static string ConversationFor(string userId) => "a:" + userId;

    /// <summary>
    /// A member Teams knows; a look-up by their Entra object id finds them too, as Teams' does (§3.8.6). Their sign-in name
    /// (<paramref name="userPrincipalName"/>) is their e-mail unless given.
    /// </summary>
    public void AddMember(string userId, string email, string name, string? aadObjectId = null, string? userPrincipalName = null)
    {
        var aad = aadObjectId ?? Guid.NewGuid().ToString();
        var member = new JsonObject
        {
            ["id"] = userId, ["name"] = name, ["email"] = email, ["userPrincipalName"] = userPrincipalName ?? email,
            ["aadObjectId"] = aad, ["tenantId"] = "tenant-1",
        };
        members[userId] = member;
        members[aad] = member;
    }

    /// <summary>The next <paramref name="count"/> member look-ups fail with this status (429 with Retry-After by default).</summary>
    public void FailMemberLookups(int count, int status = 429, string? retryAfter = "7")
    {
        lock (gate) (memberFailuresLeft, memberFailureStatus, memberFailureRetryAfter) = (count, status, retryAfter);
    }

    ErrorResult? MemberRefusal()
    {
        lock (gate)
        {
            if (memberFailuresLeft == 0) return null;
            memberFailuresLeft--;
            return new ErrorResult(memberFailureStatus, memberFailureStatus == 429 ? "TooManyRequests" : "ServiceError", memberFailureRetryAfter);
        }
    }

    /// <summary>The next <paramref name="count"/> connector calls fail with this status (429 with Retry-After by default).</summary>
    public void FailNext(int count, int status = 429, string? retryAfter = "7")
    {
        lock (gate)
        {
            failuresLeft = count;
            failureStatus = status;
            failureRetryAfter = retryAfter;
        }
    }

    /// <summary>The user removed the app: creating their chat or posting into it gives 403 MessageWritesBlocked.</summary>
    public void Block(string userId) => blocked[userId] = true;

    /// <summary>The tenant's Teams admin turned the app off: every send gives 403 BotDisabledByAdmin, whoever it is for.</summary>
    public bool DisabledByAdmin { get; set; }

    /// <summary>
    /// The person's 1:1 chat with HitBot is gone (they removed its history): posting into it gives 404 ConversationNotFound
    /// until HitBot opens the chat again (POST /v3/conversations for them).
    /// </summary>
    public void ForgetChat(string userId) => goneChats[userId] = true;

    /// <summary>The person added the app again: sends to them work again.</summary>
    public void Unblock(string userId) => blocked.TryRemove(userId, out _);

    /// <summary>Completes when a recorded call matches; the test's cancellation token bounds the wait.</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, CancellationToken ct)
    {
        while (true)
        {
            TaskCompletionSource next;
            lock (gate)
            {
                if (calls.FirstOrDefault(match) is { } found) return found;
                next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add(next);
            }
            await next.Task.WaitAsync(ct);
        }
    }

    /// <summary>Activities posted so far (sends, not updates).</summary>
    public int ActivityCount => Volatile.Read(ref activityCount);

    async Task Record(HttpContext context, RequestDelegate next)
    {
        if (!recordCalls)
        {
            await next(context);
            return;
        }
        context.Request.EnableBuffering();
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        context.Request.Body.Position = 0;
        JsonNode? json = null;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) == true && text.Length > 0) json = JsonNode.Parse(text);
        var call = new ConnectorCall(context.Request.Method, context.Request.Path.Value ?? "",
            context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            json, json is null ? text : "");
        List<TaskCompletionSource> woken;
        lock (gate)
        {
            calls.Enqueue(call);
            woken = [.. waiters];
            waiters.Clear();
        }
        foreach (var waiter in woken) waiter.TrySetResult();
        await next(context);
    }

    ErrorResult? Refusal(string userOrConversation)
    {
        lock (gate)
        {
            if (failuresLeft > 0)
            {
                failuresLeft--;
                return new ErrorResult(failureStatus, failureStatus == 429 ? "TooManyRequests" : "ServiceError", failureRetryAfter);
            }
        }
        if (DisabledByAdmin) return new ErrorResult(403, "BotDisabledByAdmin", null);
        var user = userOrConversation.StartsWith("a:", StringComparison.Ordinal) ? userOrConversation[2..] : userOrConversation;
        return blocked.ContainsKey(user) ? new ErrorResult(403, "MessageWritesBlocked", null) : null;
    }

    sealed class ErrorResult(int status, string code, string? retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = status;
            context.Response.Headers["X-Correlating-OperationId"] = Guid.NewGuid().ToString();
            if (retryAfter is not null) context.Response.Headers.RetryAfter = retryAfter;
            return context.Response.WriteAsJsonAsync(new { error = new { code, message = $"Fake connector says {code}." } });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
