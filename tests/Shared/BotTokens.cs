using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HitBot.Tests.Shared;

/// <summary>
/// A Bot Framework JWT as the Bot Connector would send it (protocols.md §11.1): valid for an hour from <see cref="Now"/>,
/// issued by api.botframework.com, RS256 with <see cref="Key"/> (whose KeyId becomes the header kid). Change one knob with
/// <c>with</c>, then <see cref="Create"/>; the forgeries build the same payload.
/// </summary>
internal sealed record BotTokens(RsaSecurityKey Key, string Audience, string? ServiceUrl, DateTimeOffset Now)
{
    public string Issuer { get; init; } = "https://api.botframework.com";
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
    public DateTimeOffset? NotBefore { get; init; }
    public DateTimeOffset? Expires { get; init; }

    /// <summary>A fresh 2048-bit key, published nowhere until a <see cref="TestOpenIdServer"/> adds it.</summary>
    public static RsaSecurityKey NewKey(string kid) => new(RSA.Create(2048)) { KeyId = kid };

    public string Create() => Sign(new SigningCredentials(Key, Algorithm));

    /// <summary>Header <c>alg: none</c> and an empty signature.</summary>
    public string CreateUnsigned() => Sign(credentials: null);

    /// <summary>The classic key-confusion forgery: HS256 keyed with the public key's PEM text, under the real kid.</summary>
    public string CreateHs256WithPublicKeyAsSecret()
    {
        var rsa = Key.Rsa ?? throw new InvalidOperationException("Test keys are built from an RSA instance.");
        var secret = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(rsa.ExportSubjectPublicKeyInfoPem())) { KeyId = Key.KeyId };
        return Sign(new SigningCredentials(secret, SecurityAlgorithms.HmacSha256));
    }

    /// <summary>The same header and signature over a payload with one claim changed.</summary>
    public static string Tamper(string jwt, string claim, string value)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Base64UrlEncoder.Decode(parts[1])) ?? throw new ArgumentException("No JWT payload.", nameof(jwt));
        payload[claim] = value;
        parts[1] = Base64UrlEncoder.Encode(payload.ToJsonString());
        return string.Join('.', parts);
    }

    string Sign(SigningCredentials? credentials)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            IssuedAt = Now.UtcDateTime,
            NotBefore = (NotBefore ?? Now).UtcDateTime,
            Expires = (Expires ?? Now.AddHours(1)).UtcDateTime,
            Claims = new Dictionary<string, object>(),
            SigningCredentials = credentials,
        };
        if (ServiceUrl is not null) descriptor.Claims["serviceurl"] = ServiceUrl;
        // Never the wall clock: every instant comes from Now and the knobs.
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }
}
