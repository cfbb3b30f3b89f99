using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never a downloaded browser), shared by the end-to-end tests.
/// </summary>
public sealed class Browser : IAsyncLifetime
{
    /// <summary>
    /// The contexts each running test opened, by the test's id, closed when the test ends
    /// (<see cref="ClosesBrowserContextsAttribute"/>). Left open, each journey's pages lived on to the end of the run, a
    /// hundred renderer processes by its end (their CPU was a small part of Chromium's: the screenshots were the most,
    /// see <see cref="PageChecks.SaveScreenshotAsync"/>).
    /// </summary>
    private static readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> OpenContexts = new();

    /// <summary>
    /// The features Playwright 1.64 itself turns off (its <c>chromiumSwitches</c>), repeated here because Chromium keeps
    /// only the last <c>--disable-features</c> of its command line: ours, after Playwright's, would otherwise switch
    /// Playwright's back on. <c>PlaywrightSwitchesTests</c> fails when Playwright's list changes.
    /// </summary>
    internal static readonly string[] PlaywrightDisabledFeatures =
    [
        "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "DialMediaRouteProvider", "GlobalMediaControls",
        "HttpsUpgrades", "LensOverlay", "MediaRouter", "PaintHolding", "ThirdPartyStoragePartitioning",
        "BlockOriginHeaderModificationOnRedirect", "AvoidCorsURLLoaderRestartOnRedirect", "Translate", "AutoDeElevate",
        "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "msForceBrowserSignIn",
        "msEdgeUpdateLaunchServicesPreferredVersion",
    ];

    /// <summary>
    /// Playwright's features and two of ours: the omnibox's drop-down drawn as WebUI. Debian's <c>chromium</c> 156 runs
    /// its full browser even headless, and every window it opens (Playwright opens each page in a window of its own)
    /// preloaded <c>chrome://omnibox-popup.top-chrome/</c> and its AI-mode page in a renderer process of its own, a
    /// popup no test ever opens: 10 of the 36 renderers of <c>FilingJourney</c> and <c>CallCentreJourney</c>, 1.3–1.8 s of
    /// CPU each, and the browser process's work for them (docs/benchmarks.md, "The omnibox popup's renderers"). The
    /// pages, their scripts and the PDF viewer do not use it.
    /// </summary>
    internal static readonly string[] DisabledFeatures = [.. PlaywrightDisabledFeatures, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

    private IPlaywright? playwright;

    public IBrowser Instance { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("ONSHI_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Chromium not found at {executable}: run the tests with tests/run.sh, which installs it.");
        }

        // Waits are generous because the run is loaded (two cores, Chromium and PostgreSQL beside the tests): a check
        // that is met returns at once, so only a failing run waits this long. Playwright's 5 s default for
        // expectations is short when a tall page's screenshot or a PDF viewer holds the renderer.
        Assertions.SetDefaultExpectTimeout(20_000);
        playwright = await Playwright.CreateAsync();
        Instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Playwright's own defaults already give --no-sandbox (no chromiumSandbox), --disable-background-networking,
            // --disable-component-update, --disable-sync, --no-first-run, --disable-back-forward-cache and its own
            // --disable-features (merged into ours, DisabledFeatures). V8 stops at its baseline compiler (Sparkplug; no
            // Maglev or TurboFan): a page's scripts, axe-core's included, run for about a second before the page is
            // gone, too short for the optimising compilers' work to pay back (docs/benchmarks.md, "Chromium's CPU in the
            // browser tests").
            Args = ["--disable-gpu", "--disable-quic", "--js-flags=--max-opt=1", "--disable-features=" + string.Join(',', DisabledFeatures)],
        });
    }

    /// <summary>A fresh context per test: its own cookies. CSP is bypassed only so that axe-core can be injected.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Instance.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(30_000);
        OpenContexts.GetOrAdd(TestContext.Current.Test?.UniqueID ?? string.Empty, _ => []).Add(context);
        return await context.NewPageAsync();
    }

    /// <summary>Closes the contexts (and so the pages) that test <paramref name="testId"/> opened.</summary>
    internal static async ValueTask CloseContextsOfAsync(string testId)
    {
        if (!OpenContexts.TryRemove(testId, out var contexts))
        {
            return;
        }

        foreach (var context in contexts)
        {
            try
            {
                await context.CloseAsync();
            }
            catch (PlaywrightException) when (!context.Browser!.IsConnected)
            {
                // The browser is gone (its lane ended or it crashed): nothing is left to close.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Instance is not null)
        {
            await Instance.DisposeAsync();
        }

        playwright?.Dispose();
    }
}

/// <summary>What every end-to-end test does on every page it visits.</summary>
public static class PageChecks
{
    /// <summary>The axe-core tags every checked page must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    /// <summary>
    /// Runs axe-core on the page and fails on any WCAG 2.0/2.1/2.2 level A or AA violation: the automated part of
    /// JIS X 8341-3:2016 level AA and of WCAG 2.2 AA (axe tags its 2.2 rules, e.g. target-size, <c>wcag22aa</c>;
    /// it has no <c>wcag22a</c> tag).
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        await page.UntilStyledAsync();
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = (await AxeScript.AddressAsync()).ToString() });
        }

        // resultTypes: only the violations are read, so axe need not gather the details of every node that passed
        // (every rule still runs on every node; it is axe's documented way to run faster).
        var result = await page.EvaluateAsync<JsonElement>("""
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' ')) }));
            }
            """, WcagTags);
        if (result.GetArrayLength() > 0)
        {
            var report = new StringBuilder($"axe-core found WCAG 2.2 A/AA violations on {page.Url}:\n");
            foreach (var violation in result.EnumerateArray())
            {
                report.AppendLine($"- {violation.GetProperty("id")} ({violation.GetProperty("impact")}): {violation.GetProperty("help")} at {violation.GetProperty("targets")}");
            }

            Assert.Fail(report.ToString());
        }
    }

    /// <summary>
    /// Waits for the whole document, its stylesheet included: after a click the text a test waited for can be there
    /// before the stylesheet is, and a check would then measure an unstyled page (axe's target-size on the header's
    /// links, the steps as a staircase) on a busy machine. The document's own readyState, because Playwright's load
    /// event is not fired again on a page that started a download.
    /// </summary>
    public static Task UntilStyledAsync(this IPage page) => page.WaitForFunctionAsync("() => document.readyState === 'complete'");

    /// <summary>Checks the page with axe and keeps a full-page screenshot under artifacts/screenshots.</summary>
    public static async Task CheckPageAsync(this IPage page, string screenshotName)
    {
        await page.AssertAccessibleAsync();

        // A tag helper that cannot build its URL renders action="" and the post silently re-renders the page.
        var formsWithoutTarget = await page.Locator("form[action='']").CountAsync();
        Assert.True(formsWithoutTarget == 0, $"{page.Url} has {formsWithoutTarget} form(s) with an empty action.");
        await page.SaveScreenshotAsync(screenshotName);
    }

    /// <summary>
    /// Keeps a full-page screenshot under artifacts/screenshots, as a JPEG: the PNGs (259 pages, 617 megapixels in a
    /// run) were much of Chromium's CPU, and a JPEG of a tall page cost Chromium about half a PNG's (measured on a
    /// 1280 × 12,839 page, six shots each) while a person reading the page sees the same.
    /// </summary>
    public static Task SaveScreenshotAsync(this IPage page, string screenshotName) => page.ScreenshotAsync(new PageScreenshotOptions
    {
        Path = Path.Combine(RepositoryPaths.Screenshots, screenshotName + ".jpg"),
        Type = ScreenshotType.Jpeg,
        Quality = 80,
        FullPage = true,
    });
}
