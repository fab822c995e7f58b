using HitBot.Core;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HitBot.Hosting;

/// <summary>
/// A first local run should show the dashboard, not "off": in Development, listening on loopback only, with no admin
/// token set, HitBot makes a random token for this run and prints a sign-in link. Anywhere else nothing changes.
/// </summary>
public sealed class LocalAdminToken
{
    public LocalAdminToken(IHostEnvironment environment, IConfiguration configuration)
    {
        if (environment.IsDevelopment() && string.IsNullOrEmpty(configuration[$"{AdminOptions.Section}:Token"]) && ListenAddresses.LoopbackOnly(configuration))
            Value = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    }

    /// <summary>The token made for this run, or null when none was needed or allowed.</summary>
    public string? Value { get; }

    /// <summary>The fragment never reaches the server (or its logs); the sign-in page reads it and signs in.</summary>
    public string SignInLink(string address) => $"{address.TrimEnd('/')}/login#token={Value}";

}

/// <summary>Where HitBot listens, as configured: what may run only when nobody but this machine can reach it.</summary>
public static class ListenAddresses
{
    /// <summary>True when every address HitBot listens on is loopback (ASP.NET Core's default is http://localhost:5000).</summary>
    public static bool LoopbackOnly(IConfiguration configuration)
    {
        if (configuration["http_ports"] is { Length: > 0 } || configuration["https_ports"] is { Length: > 0 }) return false;
        var urls = (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(configuration.GetSection("Kestrel:Endpoints").GetChildren().Select(e => e["Url"] ?? "*"))
            .ToList();
        return urls.All(IsLoopback);
    }

    // Kestrel's wildcards (http://*:80, http://+:80) are no valid URI and 0.0.0.0 is no loopback: both count as "not loopback".
    static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && Loopback.Is(uri);
}

public static class LocalAdminTokenSetup
{
    public static IServiceCollection AddLocalAdminToken(this IServiceCollection services)
    {
        services.AddSingleton<LocalAdminToken>();
        services.AddOptions<AdminOptions>().PostConfigure<LocalAdminToken>((options, local) =>
        {
            if (options.Token.Length == 0 && local.Value is { } token) options.Token = token;
        });
        services.AddHostedService<LocalAdminTokenNotice>();
        return services;
    }
}

/// <summary>Prints the sign-in link once HitBot listens.</summary>
public sealed class LocalAdminTokenNotice(LocalAdminToken local, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (local.Value is null) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            // Printed, not logged: logs never carry tokens (style.md), and this one exists only for a local run.
            Console.WriteLine();
            Console.WriteLine("No admin token is set, so this local run made one. Open the dashboard and sign in with this link:");
            Console.WriteLine($"  {local.SignInLink(address)}");
            Console.WriteLine("It works until HitBot stops. Set HitBot:Admin:Token to keep one across runs.");
            Console.WriteLine();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
