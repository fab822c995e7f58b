using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using HitBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HitBot.Tests.Infrastructure;

/// <summary>
/// The real host over a LiteDB file in its own temp folder, with time under the test's control.
/// Pass the same <see cref="Folder"/> to a second instance to restart on the same data.
/// </summary>
public sealed class HitBotApp : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-7d1f3a9c5e2b8046f1d3c5a7e9b2d4f6";
    readonly Dictionary<string, string?> settings;
    readonly bool ownsFolder;

    public HitBotApp(Dictionary<string, string?>? settings = null, string? folder = null, FakeTimeProvider? time = null)
    {
        this.settings = settings ?? [];
        ownsFolder = folder is null;
        Folder = folder ?? Path.Combine(Path.GetTempPath(), "hitbot-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Folder);
        Time = time ?? new FakeTimeProvider(DateTimeOffset.Parse("2026-03-02T14:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    }

    public FakeTimeProvider Time { get; }

    /// <summary>Extra service changes for one test, applied last (e.g. routing a client to a local fake).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "hitbot.db");
    public string AnonymityKeyPath => Folder + ".anonymity.key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("HitBot:Storage:Path", DatabasePath);
        // Beside the data folder, never in it (HitBot refuses that), and one per app so tests never share a key.
        builder.UseSetting("HitBot:Surveys:AnonymityKeyPath", AnonymityKeyPath);
        builder.UseSetting("HitBot:Admin:Token", AdminToken);
        builder.UseSetting("HitBot:Program:TimeZone", "America/Chicago");
        // Teams' stand-ins live on loopback; tests that need the production door set an AppId and turn this off.
        builder.UseSetting("HitBot:Teams:Emulator", "true");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        // The host's log goes into the output of the test that started it, shown beside its failure.
        builder.ConfigureLogging(logging => logging.AddProvider(new TestOutputLog(TestContext.Current.TestOutputHelper)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<IHostLifetime>(startGate);
            services.AddSingleton<IHttpMessageHandlerBuilderFilter, LoopbackOnly>();
            TestServices?.Invoke(services);
        });
    }

    Task? databaseClosed;
    readonly StartGate startGate = new();

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var host = builder.Build();
        ListenOnAFreePort(host);
        // Attach to the app's start before letting it run: a start that fails then throws its own exception here.
        var started = host.StartAsync();
        startGate.Open();
        started.GetAwaiter().GetResult();
        databaseClosed = host.Services.GetRequiredService<HitBotDb>().Closed;
        return host;
    }

    /// <summary>
    /// On a real port (<c>UseKestrel(0)</c>, as every test here asks), a free one on loopback. WebApplicationFactory sets that
    /// port in its own CreateHost, which this one replaces: without it Kestrel took ASP.NET Core's default, localhost:5000,
    /// and two tests on real ports at once (two browser classes, or another test run on the machine) failed with "address
    /// already in use".
    /// </summary>
    static void ListenOnAFreePort(IHost host)
    {
        if (host.Services.GetRequiredService<IServer>() is TestServer) return;
        var addresses = host.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        addresses.Addresses.Clear();
        addresses.Addresses.Add("http://127.0.0.1:0");
        addresses.PreferHostingUrls = true;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>An HTTP client that sends the admin bearer token.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        // The host is disposed on Program's own thread after RunAsync returns, a moment after this call:
        // wait for the database to close so a restart on the same folder finds the file free.
        if (disposing && databaseClosed is not null && !databaseClosed.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken))
            throw new TimeoutException("The HitBot host did not close its database within 30 seconds of stopping.");
        if (disposing && ownsFolder)
        {
            File.Delete(AnonymityKeyPath);
            try { System.IO.Directory.Delete(Folder, recursive: true); }
            catch (IOException) { /* the OS temp cleaner takes what a slow disk kept open */ }
        }
    }
}
