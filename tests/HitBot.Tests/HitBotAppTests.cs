using System.Net;
using HitBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace HitBot.Tests;

/// <summary>The test host itself, which every test on a real port (the browser's, the backup verb's) stands on.</summary>
public sealed class HitBotAppTests
{
    /// <summary>
    /// CI runs test classes side by side, beside other programs: two HitBots on real ports at once must not want the same
    /// one. They both took localhost:5000, and the second failed with "address already in use".
    /// </summary>
    [Fact]
    public async Task Two_HitBots_on_real_ports_at_once_each_answer_on_a_loopback_port_of_their_own()
    {
        using var first = new HitBotApp();
        first.UseKestrel(0);
        first.StartServer();
        using var second = new HitBotApp();
        second.UseKestrel(0);
        second.StartServer();

        var addresses = new[] { first, second }.Select(app => new Uri(Assert.Single(
            app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses))).ToList();
        Assert.All(addresses, address => Assert.Equal("127.0.0.1", address.Host));
        Assert.NotEqual(addresses[0].Port, addresses[1].Port);
        foreach (var address in addresses)
        {
            using var client = new HttpClient { BaseAddress = address };
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);
        }
    }
}
