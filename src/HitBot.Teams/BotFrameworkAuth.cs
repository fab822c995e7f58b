using HitBot.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace HitBot.Teams;

/// <summary>
/// Checks the Bot Framework JWT of an inbound activity (protocols.md §2.1). Without an AppId every call succeeds without
/// looking at anything: the endpoint answers only in the emulator mode asked for, and then for loopback serviceUrls only.
/// </summary>
public sealed class BotFrameworkAuth(IOptions<TeamsOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILogger<BotFrameworkAuth> logger)
    : IDisposable
{
    public const string HttpClientName = "HitBot.Teams.BotFrameworkAuth";
    const string Issuer = "https://api.botframework.com";
    const string ServiceUrlClaim = "serviceurl";
    const string Scheme = "Bearer ";
    static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    readonly TeamsOptions settings = options.Value;
    readonly RefusalLogGate refusals = new(time);
    readonly JsonWebTokenHandler handler = new();
    readonly ConfigurationManager<OpenIdConnectConfiguration> metadata = new(
        options.Value.OpenIdMetadataUrl,
        new OpenIdConnectConfigurationRetriever(),
        new BotFrameworkDocuments(httpClients, options.Value.OpenIdMetadataUrl))
    {
        AutomaticRefreshInterval = TimeSpan.FromHours(24),
    };
    readonly EndorsementKeys endorsements = new(new BotFrameworkDocuments(httpClients, options.Value.OpenIdMetadataUrl), time, logger);

    /// <summary>Both steps at once, for a caller that already holds the activity.</summary>
    public async Task<TeamsAuthResult> AuthenticateAsync(string? authorizationHeader, string? channelId, string? serviceUrl, CancellationToken ct) =>
        CheckActivity(await CheckTokenAsync(authorizationHeader, ct), channelId, serviceUrl);

    /// <summary>
    /// The token alone (signature, issuer, audience, lifetime), checked before the body is read: anyone can post to
    /// /api/messages, and without a token Microsoft issued for this bot nothing of theirs is read or parsed.
    /// </summary>
    public async Task<BotTokenCheck> CheckTokenAsync(string? authorizationHeader, CancellationToken ct)
    {
        if (!settings.AuthEnabled) return BotTokenCheck.Unchecked;
        var check = await CheckTokenCoreAsync(authorizationHeader, ct);
        Logged(check.Result);
        return check;
    }

    /// <summary>The activity against its token: the signing key endorsed for its channel, and its serviceUrl the token's.</summary>
    public TeamsAuthResult CheckActivity(BotTokenCheck token, string? channelId, string? serviceUrl)
    {
        if (!settings.AuthEnabled || !token.Result.Succeeded) return token.Result;
        if (token.Jwt is not { } jwt || token.Keys is not { } keys) return TeamsAuthResult.Failure(TeamsAuthResult.Malformed);

        // A key is only good for the channels it is endorsed for; an activity without channelId skips the check (BotBuilder).
        if (!string.IsNullOrEmpty(channelId) && !keys.Endorses(jwt.Kid, channelId))
            return Logged(TeamsAuthResult.Failure(TeamsAuthResult.NotEndorsed));

        // The serviceUrl is where we will send replies and store as the address: it must be the one the token vouches for.
        if (!jwt.TryGetPayloadValue<string>(ServiceUrlClaim, out var claimed) || !SameServiceUrl(claimed, serviceUrl))
            return Logged(TeamsAuthResult.Failure(TeamsAuthResult.ServiceUrlMismatch));

        return TeamsAuthResult.Success;
    }

    /// <summary>A line a minute for each reason: anyone can post to /api/messages without a token.</summary>
    TeamsAuthResult Logged(TeamsAuthResult result)
    {
        if (result.FailureReason is { } reason && refusals.Due(reason, out var unlogged))
        {
            if (unlogged > 0) AuthLog.RefusalsUnlogged(logger, unlogged);
            AuthLog.Refused(logger, reason);
        }
        return result;
    }

    async Task<BotTokenCheck> CheckTokenCoreAsync(string? header, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(header)) return BotTokenCheck.Refused(TeamsAuthResult.NoHeader);
        // BotBuilder compares the scheme exactly: "bearer" is refused too.
        if (!header.StartsWith(Scheme, StringComparison.Ordinal) || header[Scheme.Length..].Trim() is not { Length: > 0 } token)
            return BotTokenCheck.Refused(TeamsAuthResult.NotBearer);

        OpenIdConnectConfiguration config;
        try
        {
            config = await metadata.GetConfigurationAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            AuthLog.MetadataUnavailable(logger, e, settings.OpenIdMetadataUrl);
            return BotTokenCheck.Refused(TeamsAuthResult.MetadataUnavailable);
        }
        if (config.JwksUri is not { Length: > 0 } jwksUri || await endorsements.GetAsync(jwksUri, ct) is not { } keys)
            return BotTokenCheck.Refused(TeamsAuthResult.MetadataUnavailable);

        var validation = await handler.ValidateTokenAsync(token, Parameters(config, keys));
        // An unknown kid may be a key published since our last fetch: read the key set again, once, before refusing.
        // Not metadata.RequestRefresh(): IdentityModel 8 runs that in the background and answers with the old keys
        // meanwhile, so this request validates against the key set we just fetched ourselves (see Parameters).
        if (IsUnknownKey(validation, keys) && await endorsements.TryRefreshAsync(jwksUri, ct) is { } refreshed)
        {
            keys = refreshed;
            validation = await handler.ValidateTokenAsync(token, Parameters(config, keys));
        }
        if (!validation.IsValid) return BotTokenCheck.Refused(Reason(validation.Exception));
        if (validation.SecurityToken is not JsonWebToken jwt) return BotTokenCheck.Refused(TeamsAuthResult.Malformed);
        return new BotTokenCheck(TeamsAuthResult.Success, jwt, keys);
    }

    TokenValidationParameters Parameters(OpenIdConnectConfiguration config, EndorsedKeySet keys) => new()
    {
        ValidIssuer = Issuer,
        ValidAudiences = [settings.AppId, $"api://{settings.AppId}", $"api://botid-{settings.AppId}"],
        // The metadata's keys first; ours add any key published since IdentityModel last refreshed (it does so daily).
        IssuerSigningKeys = config.SigningKeys.Concat(keys.SigningKeys.Where(k => !config.SigningKeys.Any(c => c.KeyId == k.KeyId))),
        // The header kid picks the key; never fall back to trying every key.
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        LifetimeValidator = CheckLifetime,
    };

    // IdentityModel 8 keeps its TimeProvider hook internal, so the lifetime is checked here against ours. Throwing the
    // specific exception (rather than returning false) keeps "expired" and "not yet valid" apart in the result.
    bool CheckLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } validTo) throw new SecurityTokenNoExpirationException("The token has no exp.");
        if (notBefore is { } validFrom && validFrom > now + ClockSkew)
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = validFrom };
        if (validTo < now - ClockSkew) throw new SecurityTokenExpiredException("The token has expired.") { Expires = validTo };
        return true;
    }

    static bool IsUnknownKey(TokenValidationResult validation, EndorsedKeySet keys) =>
        validation.Exception is SecurityTokenSignatureKeyNotFoundException
        || (validation.IsValid && validation.SecurityToken is JsonWebToken jwt && !keys.Knows(jwt.Kid));

    static bool SameServiceUrl(string? claimed, string? serviceUrl) =>
        !string.IsNullOrEmpty(claimed) && !string.IsNullOrEmpty(serviceUrl)
        && string.Equals(claimed.TrimEnd('/'), serviceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    // Subclasses before their base types: an unknown key is a signature error. IdentityModel reports an algorithm
    // outside ValidAlgorithms (alg none, HS256) as a signature that does not verify.
    static string Reason(Exception? e) => e switch
    {
        SecurityTokenInvalidAudienceException => TeamsAuthResult.WrongAudience,
        SecurityTokenInvalidIssuerException => TeamsAuthResult.WrongIssuer,
        SecurityTokenExpiredException => TeamsAuthResult.Expired,
        SecurityTokenNotYetValidException => TeamsAuthResult.NotYetValid,
        SecurityTokenSignatureKeyNotFoundException => TeamsAuthResult.UnknownKey,
        SecurityTokenInvalidSignatureException => TeamsAuthResult.BadSignature,
        SecurityTokenNoExpirationException => TeamsAuthResult.Expired,
        ArgumentException => TeamsAuthResult.Malformed,
        _ => $"The token is invalid ({e?.GetType().Name ?? "no reason given"}).",
    };

    public void Dispose() => endorsements.Dispose();
}
