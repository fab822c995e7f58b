using HitBot.Core.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HitBot.Bench;

/// <summary>The real HitBot host on Kestrel (a real socket), over a fresh LiteDB file, with logging at Warning.</summary>
sealed class BenchHost : WebApplicationFactory<Program>
{
    readonly Dictionary<string, string?> settings;
    readonly Action<IServiceCollection>? services;
    Task? databaseClosed;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        databaseClosed = host.Services.GetRequiredService<HitBotDb>().Closed;
        return host;
    }

    public BenchHost(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        this.settings = settings;
        this.services = services;
        Folder = Path.Combine(Path.GetTempPath(), "hitbot-bench", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Folder);
        // WebApplicationFactory looks for the host's content root beside the solution; point it at src/HitBot.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_HITBOT", HostFolder());
        UseKestrel(0);
    }

    public string Folder { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("HitBot:Storage:Path", Path.Combine(Folder, "hitbot.db"));
        builder.UseSetting("HitBot:Surveys:AnonymityKeyPath", Folder + ".anonymity.key");
        // The Connector stand-ins are on loopback; the JWT benchmark turns this off and allows its stand-in instead.
        builder.UseSetting("HitBot:Teams:Emulator", "true");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        // Warnings only, and not the dispatcher's "interrupted by shutdown" for each reply in flight when a run stops:
        // hundreds of those lines would bury the tables.
        // Set as settings: the host's appsettings.json levels would otherwise win over SetMinimumLevel.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.UseSetting("Logging:LogLevel:HitBot", "Warning");
        builder.UseSetting("Logging:LogLevel:HitBot.Core.Messaging.Outbox.Dispatcher", "Error");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        if (services is not null) builder.ConfigureTestServices(services);
    }

    internal static string HostFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "HitBot.sln"))) return Path.Combine(dir.FullName, "src", "HitBot");
        throw new InvalidOperationException("Run the bench from the repository (HitBot.sln not found above it).");
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Uri BaseAddress
    {
        get
        {
            StartServer();
            return ClientOptions.BaseAddress;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        databaseClosed?.Wait(TimeSpan.FromSeconds(30));
        if (disposing && System.IO.Directory.Exists(Folder)) System.IO.Directory.Delete(Folder, recursive: true);
    }
}
