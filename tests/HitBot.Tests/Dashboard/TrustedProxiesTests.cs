using System.Net;
using System.Net.Http.Headers;
using HitBot.Admin;
using HitBot.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// HitBot:Hosting:TrustedProxies: only the district's reverse proxy may say who the browser is. These run on a real port,
/// so HitBot sees the caller's real address (127.0.0.1) as it would see the proxy's.
/// </summary>
public sealed class TrustedProxiesTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;
    const string Guess = "guess-3333333333333333333333333333";

    static HitBotApp OnARealPort(Dictionary<string, string?> settings)
    {
        var app = new HitBotApp(settings);
        app.UseKestrel(0);
        app.StartServer();
        return app;
    }

    static Task<HttpStatusCode> CallAsync(HitBotApp app, string token, string forwardedFor) => ForwardedAdminCall.ReadPeopleAsync(app, token, forwardedFor);

    /// <summary>
    /// ASP.NET Core's switch alone believes X-Forwarded-For from anyone: a guesser who reached HitBot past the proxy named a
    /// new address on every try and was never held back. With the proxy named, a caller that is not it is taken for itself,
    /// with the switch on or off: ASP.NET Core's own default (believe this machine) must not stay on beside the list.
    /// </summary>
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task A_caller_that_is_not_the_named_proxy_cannot_pick_its_address_to_dodge_the_guess_limit(string aspNetCoreSwitch)
    {
        await using var app = OnARealPort(new() { ["FORWARDEDHEADERS_ENABLED"] = aspNetCoreSwitch, ["HitBot:Hosting:TrustedProxies"] = "10.20.30.40" });

        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, Guess, $"198.51.100.{i + 1}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(app, HitBotApp.AdminToken, "203.0.113.99"));
    }

    /// <summary>
    /// Behind a load balancer and nginx (both named), the browser is the first address that is neither: one guesser is held
    /// back, everyone else behind the same proxies is not, and a browser that used https gets its sign-in cookie marked Secure,
    /// without ASP.NET Core's switch.
    /// </summary>
    [Fact]
    public async Task Behind_named_proxies_each_browser_is_told_apart_and_https_is_known()
    {
        await using var app = OnARealPort(new() { ["HitBot:Hosting:TrustedProxies"] = "127.0.0.1, 10.0.0.0/8" });

        for (var i = 0; i < AuthFailureThrottle.MaxFailures; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, await CallAsync(app, Guess, "198.51.100.7, 10.1.2.3"));

        Assert.Equal(HttpStatusCode.TooManyRequests, await CallAsync(app, HitBotApp.AdminToken, "198.51.100.7, 10.1.2.3"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(app, HitBotApp.AdminToken, "203.0.113.8, 10.1.2.3"));

        using var signInPage = new HttpRequestMessage(HttpMethod.Get, new Uri("/login", UriKind.Relative));
        signInPage.Headers.Add("X-Forwarded-For", "203.0.113.8");
        signInPage.Headers.Add("X-Forwarded-Proto", "https");
        var page = await app.CreateClient().SendAsync(signInPage, Ct);
        var cookie = page.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hitbot.csrf=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    // A host name is the usual slip: the proxies are named by address.
    [InlineData("proxy.district.org", "proxy.district.org")]
    [InlineData("10.0.0.5, 10.1.0.0/33", "10.1.0.0/33")]
    public void An_entry_that_is_no_address_or_network_stops_the_start_naming_it(string value, string named)
    {
        using var app = new HitBotApp(new() { ["HitBot:Hosting:TrustedProxies"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("HitBot:Hosting:TrustedProxies", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{named}'", error.Message, StringComparison.Ordinal);
    }
}
