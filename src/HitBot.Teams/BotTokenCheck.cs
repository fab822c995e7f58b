using Microsoft.IdentityModel.JsonWebTokens;

namespace HitBot.Teams;

/// <summary>
/// The first half of <see cref="BotFrameworkAuth"/>'s check, made from the Authorization header before the body is read:
/// the result, and for a good token what the activity is then checked against (its endorsements and serviceurl claim).
/// </summary>
public sealed class BotTokenCheck
{
    internal BotTokenCheck(TeamsAuthResult result, JsonWebToken? jwt, EndorsedKeySet? keys)
    {
        Result = result;
        Jwt = jwt;
        Keys = keys;
    }

    /// <summary>No AppId: the emulator mode, where nothing is checked.</summary>
    internal static readonly BotTokenCheck Unchecked = new(TeamsAuthResult.Success, null, null);

    public TeamsAuthResult Result { get; }
    internal JsonWebToken? Jwt { get; }
    internal EndorsedKeySet? Keys { get; }

    internal static BotTokenCheck Refused(string reason) => new(TeamsAuthResult.Failure(reason), null, null);
}
