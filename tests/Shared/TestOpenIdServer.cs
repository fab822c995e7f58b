using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace HitBot.Tests.Shared;

/// <summary>
/// The Bot Framework's OpenID metadata and key set (with <c>endorsements</c>), served over real HTTP on 127.0.0.1 and a
/// free port (protocols.md §11.1). Starts with <see cref="SigningKey"/> ("test-1", endorsed for msteams).
/// </summary>
internal sealed class TestOpenIdServer : IAsyncDisposable
{
    public const string MetadataPath = "/v1/.well-known/openidconfiguration";
    public const string KeysPath = "/v1/.well-known/keys";

    readonly WebApplication app;
    readonly Lock gate = new();
    readonly List<PublishedKey> keys = [];
    int metadataFetches;
    int keysFetches;

    TestOpenIdServer()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        app = builder.Build();
        app.MapGet(MetadataPath, (HttpRequest request) =>
        {
            Interlocked.Increment(ref metadataFetches);
            return Results.Text(Metadata($"{request.Scheme}://{request.Host}").ToJsonString(), "application/json");
        });
        app.MapGet(KeysPath, () =>
        {
            Interlocked.Increment(ref keysFetches);
            return Results.Text(KeySet().ToJsonString(), "application/json");
        });
        SigningKey = AddKey("test-1", "msteams");
    }

    /// <summary>Listening before it returns; dispose it to stop.</summary>
    public static TestOpenIdServer Start()
    {
        var server = new TestOpenIdServer();
        server.app.Start();
        return server;
    }

    public string BaseUrl => app.Urls.Single();
    public string MetadataUrl => BaseUrl + MetadataPath;
    public RsaSecurityKey SigningKey { get; }
    public int MetadataFetches => Volatile.Read(ref metadataFetches);
    public int KeysFetches => Volatile.Read(ref keysFetches);

    /// <summary>Publishes a new key from the next fetch on, as the Bot Framework does when it rotates.</summary>
    public RsaSecurityKey AddKey(string kid, params string[] endorsements)
    {
        var key = BotTokens.NewKey(kid);
        lock (gate) keys.Add(new PublishedKey(key, endorsements));
        return key;
    }

    /// <summary>Replaces what a published key is endorsed for; an empty list means no channel.</summary>
    public void SetEndorsements(string kid, params string[] endorsements)
    {
        lock (gate)
        {
            var index = keys.FindIndex(k => k.Key.KeyId == kid);
            if (index < 0) throw new ArgumentException($"No published key {kid}.", nameof(kid));
            keys[index] = keys[index] with { Endorsements = endorsements };
        }
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();

    static JsonObject Metadata(string baseUrl) => new()
    {
        ["issuer"] = "https://api.botframework.com",
        ["jwks_uri"] = baseUrl + KeysPath,
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    JsonObject KeySet()
    {
        lock (gate)
        {
            return new JsonObject { ["keys"] = new JsonArray(keys.Select(k => (JsonNode)Jwk(k)).ToArray()) };
        }
    }

    // Public parameters only: the private half never leaves the test.
    static JsonObject Jwk(PublishedKey published)
    {
        var rsa = published.Key.Rsa ?? throw new InvalidOperationException("Test keys are built from an RSA instance.");
        var p = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = published.Key.KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent),
            ["endorsements"] = new JsonArray(published.Endorsements.Select(e => (JsonNode)e).ToArray()),
        };
    }

    sealed record PublishedKey(RsaSecurityKey Key, string[] Endorsements);
}
