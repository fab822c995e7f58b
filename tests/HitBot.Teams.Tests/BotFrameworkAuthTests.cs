using System.Globalization;
using HitBot.Teams;
using HitBot.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace HitBot.Teams.Tests;

public sealed class BotFrameworkAuthTests : IAsyncDisposable
{
    const string AppId = "6c1f4a9e-2b7d-4e0a-9c3f-5d8e7a1b2c40";
    const string ServiceUrl = "https://smba.trafficmanager.net/amer/";
    const string Teams = "msteams";

    // Far from the wall clock on purpose: a check that read the real time would fail every lifetime test.
    readonly FakeTimeProvider time = new(DateTimeOffset.Parse("2031-05-06T07:08:09Z", CultureInfo.InvariantCulture));
    readonly TestOpenIdServer server = TestOpenIdServer.Start();
    readonly List<ServiceProvider> providers = [];

    BotTokens Tokens => new(server.SigningKey, AppId, ServiceUrl, time.GetUtcNow());

    [Fact]
    public async Task A_token_from_the_Bot_Connector_is_accepted()
    {
        var result = await Authenticate(Auth(), Tokens.Create());

        Assert.Equal(TeamsAuthResult.Success, result);
    }

    [Theory]
    [InlineData("api://" + AppId)]
    [InlineData("api://botid-" + AppId)]
    public async Task A_token_for_the_app_id_uri_of_this_bot_is_accepted(string audience)
    {
        var result = await Authenticate(Auth(), (Tokens with { Audience = audience }).Create());

        Assert.True(result.Succeeded);
    }

    /// <summary>
    /// A GUID is the same in capitals, and some tools show it so; Microsoft's tokens carry the App ID in lower case. Set in
    /// capitals, HitBot started and refused every message from Teams as a token for another bot.
    /// </summary>
    [Fact]
    public async Task The_app_id_set_in_capitals_still_accepts_the_tokens_Microsoft_issues_in_lower_case()
    {
        var result = await Authenticate(Auth(AppId.ToUpperInvariant()), Tokens.Create());

        Assert.Equal(TeamsAuthResult.Success, result);
    }

    [Fact]
    public async Task A_request_without_an_Authorization_header_is_refused()
    {
        var result = await Auth().AuthenticateAsync(null, Teams, ServiceUrl, Ct);

        Assert.Equal(TeamsAuthResult.NoHeader, result.FailureReason);
    }

    [Theory]
    [InlineData("bearer")]
    [InlineData("Basic")]
    [InlineData("")]
    public async Task A_header_whose_scheme_is_not_exactly_Bearer_is_refused(string scheme)
    {
        var header = $"{scheme} {Tokens.Create()}".TrimStart();

        var result = await Auth().AuthenticateAsync(header, Teams, ServiceUrl, Ct);

        Assert.Equal(TeamsAuthResult.NotBearer, result.FailureReason);
    }

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    public async Task A_bearer_value_that_is_not_a_JWT_is_refused(string token)
    {
        var result = await Authenticate(Auth(), token);

        Assert.Equal(TeamsAuthResult.Malformed, result.FailureReason);
    }

    [Fact]
    public async Task Requests_are_refused_while_the_Bot_Framework_metadata_cannot_be_fetched()
    {
        var auth = Auth();
        await server.DisposeAsync();

        var result = await Authenticate(auth, Tokens.Create());

        Assert.Equal(TeamsAuthResult.MetadataUnavailable, result.FailureReason);
    }

    [Fact]
    public async Task A_token_for_another_bot_is_refused()
    {
        var result = await Authenticate(Auth(), (Tokens with { Audience = "0b6e2d1c-0000-4000-8000-000000000001" }).Create());

        Assert.Equal(TeamsAuthResult.WrongAudience, result.FailureReason);
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var result = await Authenticate(Auth(), (Tokens with { Issuer = "https://sts.windows.net/attacker/" }).Create());

        Assert.Equal(TeamsAuthResult.WrongIssuer, result.FailureReason);
    }

    [Fact]
    public async Task A_token_that_expired_more_than_five_minutes_ago_is_refused()
    {
        var now = time.GetUtcNow();
        var token = (Tokens with { NotBefore = now.AddHours(-1), Expires = now.AddMinutes(-5).AddSeconds(-1) }).Create();

        var result = await Authenticate(Auth(), token);

        Assert.Equal(TeamsAuthResult.Expired, result.FailureReason);
    }

    /// <summary>A token without an expiry would be good for ever once it leaked: Microsoft always sets one.</summary>
    [Fact]
    public async Task A_token_without_an_expiry_is_refused()
    {
        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Tokens.Issuer, Audience = AppId, IssuedAt = now, NotBefore = now,
            Claims = new Dictionary<string, object> { ["serviceurl"] = ServiceUrl },
            SigningCredentials = new SigningCredentials(server.SigningKey, SecurityAlgorithms.RsaSha256),
        });

        var result = await Authenticate(Auth(), token);

        Assert.Equal(TeamsAuthResult.Expired, result.FailureReason);
    }

    [Fact]
    public async Task A_token_that_expired_four_minutes_ago_is_still_accepted_for_clock_skew()
    {
        var token = Tokens.Create();
        time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(4));

        var result = await Authenticate(Auth(), token);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task A_token_valid_only_from_more_than_five_minutes_ahead_is_refused()
    {
        var now = time.GetUtcNow();
        var token = (Tokens with { NotBefore = now.AddMinutes(5).AddSeconds(1), Expires = now.AddHours(1) }).Create();

        var result = await Authenticate(Auth(), token);

        Assert.Equal(TeamsAuthResult.NotYetValid, result.FailureReason);
    }

    [Fact]
    public async Task A_token_signed_with_an_unpublished_key_is_refused_after_one_refresh_of_the_keys()
    {
        var auth = Auth();
        Assert.True((await Authenticate(auth, Tokens.Create())).Succeeded);
        var fetches = server.KeysFetches;

        var result = await Authenticate(auth, (Tokens with { Key = BotTokens.NewKey("not-published") }).Create());

        Assert.Equal(TeamsAuthResult.UnknownKey, result.FailureReason);
        Assert.Equal(fetches + 1, server.KeysFetches);
    }

    [Fact]
    public async Task A_key_published_after_the_first_fetch_is_picked_up_by_the_refresh()
    {
        var auth = Auth();
        Assert.True((await Authenticate(auth, Tokens.Create())).Succeeded);
        var rotated = server.AddKey("test-2", Teams);

        var result = await Authenticate(auth, (Tokens with { Key = rotated }).Create());

        Assert.True(result.Succeeded, result.FailureReason);
    }

    [Fact]
    public async Task Made_up_key_ids_refresh_the_keys_at_most_once_per_five_minutes()
    {
        var auth = Auth();
        Assert.True((await Authenticate(auth, Tokens.Create())).Succeeded);
        var fetches = server.KeysFetches;

        await Authenticate(auth, (Tokens with { Key = BotTokens.NewKey("made-up-1") }).Create());
        await Authenticate(auth, (Tokens with { Key = BotTokens.NewKey("made-up-2") }).Create());
        time.Advance(TimeSpan.FromMinutes(5));
        await Authenticate(auth, (Tokens with { Key = BotTokens.NewKey("made-up-3") }).Create());

        Assert.Equal(fetches + 2, server.KeysFetches);
    }

    [Fact]
    public async Task A_key_not_endorsed_for_msteams_is_refused()
    {
        server.SetEndorsements("test-1", "slack", "webchat");

        var result = await Authenticate(Auth(), Tokens.Create());

        Assert.Equal(TeamsAuthResult.NotEndorsed, result.FailureReason);
    }

    [Fact]
    public async Task An_activity_without_a_channel_id_skips_the_endorsement_check()
    {
        server.SetEndorsements("test-1");

        var result = await Auth().AuthenticateAsync("Bearer " + Tokens.Create(), channelId: "", ServiceUrl, Ct);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Endorsements_are_read_again_after_a_day()
    {
        var auth = Auth();
        Assert.True((await Authenticate(auth, Tokens.Create())).Succeeded);
        server.SetEndorsements("test-1", "slack");
        time.Advance(TimeSpan.FromHours(24));

        var result = await Authenticate(auth, Tokens.Create());

        Assert.Equal(TeamsAuthResult.NotEndorsed, result.FailureReason);
    }

    [Fact]
    public async Task A_token_whose_serviceurl_differs_from_the_activity_is_refused()
    {
        var result = await Auth().AuthenticateAsync("Bearer " + Tokens.Create(), Teams, "https://attacker.example/amer/", Ct);

        Assert.Equal(TeamsAuthResult.ServiceUrlMismatch, result.FailureReason);
    }

    [Fact]
    public async Task A_token_without_a_serviceurl_claim_is_refused()
    {
        var result = await Authenticate(Auth(), (Tokens with { ServiceUrl = null }).Create());

        Assert.Equal(TeamsAuthResult.ServiceUrlMismatch, result.FailureReason);
    }

    [Fact]
    public async Task The_serviceurl_match_ignores_case_and_a_trailing_slash()
    {
        var result = await Auth().AuthenticateAsync("Bearer " + Tokens.Create(), Teams, "HTTPS://SMBA.trafficmanager.net/amer", Ct);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_refused()
    {
        var result = await Authenticate(Auth(), Tokens.CreateUnsigned());

        Assert.Equal(TeamsAuthResult.BadSignature, result.FailureReason);
    }

    [Fact]
    public async Task A_token_signed_HS256_with_the_public_key_as_secret_is_refused()
    {
        var result = await Authenticate(Auth(), Tokens.CreateHs256WithPublicKeyAsSecret());

        Assert.Equal(TeamsAuthResult.BadSignature, result.FailureReason);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_refused()
    {
        const string elsewhere = "https://attacker.example/amer/";
        var token = BotTokens.Tamper(Tokens.Create(), "serviceurl", elsewhere);

        var result = await Auth().AuthenticateAsync("Bearer " + token, Teams, elsewhere, Ct);

        Assert.Equal(TeamsAuthResult.BadSignature, result.FailureReason);
    }

    [Fact]
    public async Task Without_an_app_id_every_request_passes_unchecked_for_the_emulator()
    {
        var result = await Auth(appId: "").AuthenticateAsync(null, channelId: null, serviceUrl: null, Ct);

        Assert.True(result.Succeeded);
        Assert.Equal(0, server.MetadataFetches);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static Task<TeamsAuthResult> Authenticate(BotFrameworkAuth auth, string token) =>
        auth.AuthenticateAsync("Bearer " + token, Teams, ServiceUrl, Ct);

    // Through AddTeams, as the host builds it, over settings that point the metadata URL at the local server.
    BotFrameworkAuth Auth(string appId = AppId)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"{TeamsOptions.Section}:AppId"] = appId,
            [$"{TeamsOptions.Section}:AppPassword"] = appId.Length > 0 ? "test-secret" : "",
            [$"{TeamsOptions.Section}:OpenIdMetadataUrl"] = server.MetadataUrl,
        };
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddSingleton<TimeProvider>(time)
            .AddLogging();
        services.AddTeams();
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return provider.GetRequiredService<BotFrameworkAuth>();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers) await provider.DisposeAsync();
        await server.DisposeAsync();
    }
}
