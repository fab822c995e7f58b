namespace HitBot.Teams;

/// <summary>The outcome of checking an inbound Bot Framework request; the reason is for the server log, never the caller.</summary>
public sealed record TeamsAuthResult(bool Succeeded, string? FailureReason)
{
    public const string NoHeader = "No Authorization header.";
    public const string NotBearer = "The Authorization header is not \"Bearer {token}\".";
    public const string MetadataUnavailable = "The Bot Framework OpenID metadata or signing keys could not be fetched.";
    public const string Malformed = "The token is not a well-formed JWT.";
    public const string WrongAudience = "The token is for another bot (aud).";
    public const string WrongIssuer = "The token was not issued by the Bot Framework (iss).";
    public const string Expired = "The token has expired, or carries no expiry (exp).";
    public const string NotYetValid = "The token is not valid yet (nbf).";
    public const string UnknownKey = "The token is signed with a key the Bot Framework does not publish (kid).";
    public const string BadSignature = "The token's signature does not verify, or is not RS256, RS384 or RS512.";
    public const string NotEndorsed = "The signing key is not endorsed for the activity's channel (endorsements).";
    public const string ServiceUrlMismatch = "The token's serviceurl claim does not match the activity's serviceUrl.";

    public static readonly TeamsAuthResult Success = new(true, null);

    public static TeamsAuthResult Failure(string reason) => new(false, reason);
}
