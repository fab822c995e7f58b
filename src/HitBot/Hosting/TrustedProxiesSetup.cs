using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace HitBot.Hosting;

/// <summary>
/// Who may say who the browser is. ASP.NET Core's own switch (ASPNETCORE_FORWARDEDHEADERS_ENABLED) believes
/// X-Forwarded-For from anyone: someone who reached HitBot past the proxy named a new address on every try, and the
/// ten-wrong-tokens-a-minute limit never held. HitBot:Hosting:TrustedProxies believes it from the proxies named only.
/// </summary>
public static class TrustedProxiesSetup
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<HostingOptions>().BindConfiguration(HostingOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HostingOptions>, TrustedProxiesCheck>();
        // After every Configure, the switch's included: with a list, the list decides, whether the switch is on or not.
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<IOptions<HostingOptions>>((forwarded, hosting) =>
        {
            var (networks, problem) = HostingOptions.ReadProxies(hosting.Value.TrustedProxies);
            if (networks.Count == 0 || problem is not null) return;
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in networks) forwarded.KnownIPNetworks.Add(network);
            // A chain of named proxies (a load balancer, then nginx) is walked back to the first address that is none of
            // them: the browser. The default, one step, took the load balancer for the browser.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>
    /// With a list of proxies and ASP.NET Core's switch off, the forwarded headers are read here, first; with the switch on,
    /// its own middleware reads them, with the list.
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var hosting = app.Services.GetRequiredService<IOptions<HostingOptions>>().Value;
        if (hosting.TrustedProxies.Trim().Length > 0 && !app.Configuration.GetValue<bool>("FORWARDEDHEADERS_ENABLED"))
            app.UseForwardedHeaders();
        return app;
    }
}

/// <summary>Stops the start on an entry that is no address or network, naming it (a host name is a common slip).</summary>
sealed class TrustedProxiesCheck : IValidateOptions<HostingOptions>
{
    public ValidateOptionsResult Validate(string? name, HostingOptions options) =>
        HostingOptions.ReadProxies(options.TrustedProxies).Problem is { } why ? ValidateOptionsResult.Fail(why) : ValidateOptionsResult.Success;
}
