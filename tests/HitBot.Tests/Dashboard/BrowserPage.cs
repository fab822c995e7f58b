using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace HitBot.Tests.Dashboard;

/// <summary>
/// One Chromium page on a HitBot listening on a real port: desktop size, a 15-s default timeout, and a log of every URL
/// the page asked for (so a test can assert that nothing was loaded from another host). One set-up for every browser test.
/// </summary>
sealed class BrowserPage : IAsyncDisposable
{
    /// <summary>
    /// How long an action, and an <c>Expect</c>, waits for the page. Playwright's own for <c>Expect</c> is 5 s: on CI's two
    /// busy cores (HitBot, Chromium and npm checks at once) a page that fetches and then draws can take longer, and the
    /// test failed though the page came out right; a click waited 15 s for the same page.
    /// </summary>
    internal const int Patience = 15_000;

    readonly IPlaywright playwright;
    readonly IBrowser browser;
    readonly List<string> requested = [];

    BrowserPage(IPlaywright playwright, IBrowser browser, IPage page, string baseUrl)
    {
        (this.playwright, this.browser, Page, BaseUrl) = (playwright, browser, page, baseUrl);
        page.Request += (_, request) => { lock (requested) requested.Add(request.Url); };
    }

    public IPage Page { get; }
    public string BaseUrl { get; }

    public List<string> Requested()
    {
        lock (requested) return [.. requested];
    }

    /// <param name="timezoneId">The browser's own time zone (an IANA id), with the en-US locale; the machine's when left out.</param>
    public static async Task<BrowserPage> OpenAsync(IServiceProvider host, string? timezoneId = null)
    {
        var baseUrl = host.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.First().TrimEnd('/')
            ?? throw new InvalidOperationException("The HitBot under test is not listening on a port.");
        var (playwright, browser) = await Chromium.LaunchAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 }, TimezoneId = timezoneId, Locale = timezoneId is null ? null : "en-US",
        });
        context.SetDefaultTimeout(Patience);
        Assertions.SetDefaultExpectTimeout(Patience);
        return new BrowserPage(playwright, browser, await context.NewPageAsync(), baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}
