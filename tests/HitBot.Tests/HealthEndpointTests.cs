using System.Net;
using HitBot.Tests.Infrastructure;

namespace HitBot.Tests;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task A_load_balancer_gets_200_from_healthz_on_a_fresh_install()
    {
        using var app = new HitBotApp();

        var response = await app.CreateClient().GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"status\":\"ok\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
