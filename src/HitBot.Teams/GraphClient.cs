using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HitBot.Teams;

/// <summary>
/// The few Microsoft Graph calls proactive install needs (protocols.md §3.8): find a user by e-mail, install HitBot for
/// them. Plain REST on a named client, like <see cref="ConnectorClient"/>; errors become <see cref="GraphException"/>.
/// </summary>
public sealed class GraphClient(
    IHttpClientFactory httpClients, GraphTokenProvider tokens, IOptions<TeamsOptions> options, TimeProvider time, ILogger<GraphClient> logger)
{
    public const string HttpClientName = "HitBot.Teams.Graph";

    string BaseUrl => options.Value.GraphBaseUrl.TrimEnd('/');

    /// <summary>
    /// The Entra object id for a roster e-mail: first by <c>mail</c>, then as a UPN (schools often have one but not the
    /// other filled in). Null when neither finds exactly one user.
    /// </summary>
    /// <remarks>
    /// The e-mail goes only in the query (a <c>$filter</c>), never in the path as <c>/users/{UPN}</c> would: .NET's
    /// HttpClient tracing, which the OTLP export sends on, keeps a URL's path in <c>url.full</c> but redacts its query.
    /// </remarks>
    public async Task<string?> FindUserIdAsync(string email, CancellationToken ct)
    {
        if (await FindOneAsync("mail", email, ct) is { } byMail) return byMail;
        try
        {
            return await FindOneAsync("userPrincipalName", email, ct);
        }
        catch (GraphException e) when (e.Status is 404 or 400)
        {
            // 400: not a valid UPN at all. Either way, not in this tenant.
            return null;
        }
    }

    async Task<string?> FindOneAsync(string property, string email, CancellationToken ct)
    {
        // OData string literals double their quotes; the whole filter is then one escaped query value.
        var filter = Uri.EscapeDataString($"{property} eq '{email.Replace("'", "''", StringComparison.Ordinal)}'");
        var found = await CallAsync(HttpMethod.Get, $"/users?$filter={filter}&$select=id", null, ct);
        return found?["value"] is JsonArray { Count: 1 } one ? Id(one[0]) : null;
    }

    /// <summary>Installs HitBot in the user's personal scope. True when it was already there (409 Conflict is not an error here).</summary>
    public async Task<bool> InstallAsync(string userId, CancellationToken ct)
    {
        var body = new JsonObject { ["teamsApp@odata.bind"] = $"{BaseUrl}/appCatalogs/teamsApps/{options.Value.CatalogAppId}" };
        try
        {
            await CallAsync(HttpMethod.Post, $"/users/{Uri.EscapeDataString(userId)}/teamwork/installedApps", body, ct);
            return false;
        }
        catch (GraphException e) when (e.Status == 409)
        {
            return true;
        }
    }

    static string? Id(JsonNode? node) => node?["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    async Task<JsonNode?> CallAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, new Uri(BaseUrl + path, UriKind.Absolute));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetTokenAsync(ct));
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        var requestId = response.Headers.TryGetValues("request-id", out var values) ? values.FirstOrDefault() : null;
        var operation = path.Contains("/teamwork/", StringComparison.Ordinal) ? "install" : "user";
        if (!response.IsSuccessStatusCode)
        {
            var code = ErrorCode(text);
            Log.GraphFailed(logger, method.Method, operation, (int)response.StatusCode, code, requestId);
            throw new GraphException((int)response.StatusCode, code, RetryAfter(response.Headers.RetryAfter));
        }
        Log.GraphCalled(logger, method.Method, operation, (int)response.StatusCode, requestId);
        if (response.StatusCode == HttpStatusCode.NoContent || string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    static string? ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["code"] is JsonValue v && v.TryGetValue<string>(out var code) ? code : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date > time.GetUtcNow() ? date - time.GetUtcNow() : TimeSpan.Zero,
        _ => null,
    };
}
