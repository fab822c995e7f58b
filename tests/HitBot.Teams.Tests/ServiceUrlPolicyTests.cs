using HitBot.Teams;
using Microsoft.Extensions.Options;

namespace HitBot.Teams.Tests;

/// <summary>
/// Where HitBot sends replies, and with them its Bot Framework token. A signed activity vouches for its serviceUrl, but a
/// leaked or misissued token must still not point HitBot at a host that is not Teams'. The addresses below are only
/// compared by the policy, never called: nothing here opens a connection.
/// </summary>
public sealed class ServiceUrlPolicyTests
{
    const string AppId = "6c1f4a9e-2b7d-4e0a-9c3f-5d8e7a1b2c40";
    const string OwnConnector = "https://connector.district.example/teams/";

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/")]
    [InlineData("https://smba.infra.dod.teams.microsoft.us/")]
    [InlineData("https://connector.district.example/teams/v3/conversations")]
    public void Replies_go_to_Teams_own_hosts_and_to_an_allowed_service_url(string serviceUrl) =>
        Assert.True(Policy().IsAllowed(serviceUrl));

    [Theory]
    // The token would cross the network in clear text.
    [InlineData("http://smba.trafficmanager.net/amer/")]
    // Teams' host name, but a port nobody at Microsoft serves the Connector on.
    [InlineData("https://smba.trafficmanager.net:8443/amer/")]
    // Teams' government domain as the first part of someone else's name.
    [InlineData("https://smba.infra.gcc.teams.microsoft.com.attacker.example/")]
    // A URL with a user name in it is not one Teams sends.
    [InlineData("https://someone:secret@smba.trafficmanager.net/amer/")]
    // The allowed service URL's host, but not under its path.
    [InlineData("https://connector.district.example/teamsx/")]
    [InlineData("https://connector.district.example/other/")]
    public void A_service_url_that_only_looks_like_Teams_is_refused_so_no_reply_or_token_goes_there(string serviceUrl) =>
        Assert.False(Policy().IsAllowed(serviceUrl));

    static ServiceUrlPolicy Policy() =>
        new(Options.Create(new TeamsOptions { AppId = AppId, AllowedServiceUrls = [OwnConnector] }));
}
