using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.v3;

[assembly: AssemblyFixture(typeof(OnshiPortal.Tests.Support.Browser))]
[assembly: OnshiPortal.Tests.Support.ClosesBrowserContexts]

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Debian's headless Chromium driven by Playwright (never a downloaded browser): one browser process for the whole
/// run, shared by every end-to-end test (an assembly fixture), each test in browser contexts of its own (its own
/// cookies and storage), so that the browser test classes may run beside each other like any other classes. Launched
/// at the first page a test asks for, so that a run without browser tests starts no Chromium.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly SemaphoreSlim launch = new(1, 1);

    /// <summary>The contexts each running test opened (by the test's unique id), closed when the test ends.</summary>
    private static readonly ConcurrentDictionary<string, ConcurrentBag<IBrowserContext>> ContextsOfTests = new();

    private IPlaywright? playwright;
    private IBrowser? instance;

    private async Task<IBrowser> InstanceAsync()
    {
        if (instance is not null)
        {
            return instance;
        }

        await launch.WaitAsync();
        try
        {
            if (instance is not null)
            {
                return instance;
            }

            var executable = Environment.GetEnvironmentVariable("ONSHI_CHROMIUM") ?? "/usr/bin/chromium";
            if (!File.Exists(executable))
            {
                throw new InvalidOperationException($"Chromium not found at {executable}: run the tests with tests/run.sh, which installs it.");
            }

            playwright = await Playwright.CreateAsync();
            instance = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run",
                ],
            });
            return instance;
        }
        finally
        {
            launch.Release();
        }
    }

    /// <summary>A fresh context per test: its own cookies. CSP is bypassed only so that axe-core can be injected.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var browser = await InstanceAsync();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "ja-JP",
            TimezoneId = "Asia/Tokyo",
            BypassCSP = true,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        if (TestContext.Current.Test?.UniqueID is { } test)
        {
            ContextsOfTests.GetOrAdd(test, _ => []).Add(context);
        }

        return await context.NewPageAsync();
    }

    /// <summary>
    /// Closes the contexts a test opened once it has ended (<see cref="ClosesBrowserContextsAttribute"/>): a page left
    /// open would keep its scripts running (a job's progress polls its server) in the browser the next tests share.
    /// </summary>
    internal static void CloseContextsOf(string test)
    {
        if (ContextsOfTests.TryRemove(test, out var contexts))
        {
            foreach (var context in contexts)
            {
                // Not awaited (the hook is synchronous); a context already gone with the browser is no matter.
                _ = context.CloseAsync().ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (instance is not null)
        {
            await instance.DisposeAsync();
        }

        playwright?.Dispose();
        launch.Dispose();
    }
}

/// <summary>After each test, closes the browser contexts it opened (<see cref="Browser.CloseContextsOf"/>).</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ClosesBrowserContextsAttribute : BeforeAfterTestAttribute
{
    public override void After(MethodInfo methodUnderTest, IXunitTest test) => Browser.CloseContextsOf(test.UniqueID);
}

/// <summary>What every end-to-end test does on every page it visits.</summary>
public static class PageChecks
{
    /// <summary>The axe-core tags every checked page must pass: WCAG 2.0, 2.1 and 2.2, levels A and AA.</summary>
    public static readonly string[] WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly Lazy<string> AxeSource = new(() =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "tests", "e2e-tools", "node_modules", "axe-core", "axe.min.js")));

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
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Content = AxeSource.Value });
        }

        var result = await page.EvaluateAsync<JsonElement>("""
            async tags => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
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
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(RepositoryPaths.Screenshots, screenshotName + ".png"),
            FullPage = true,
        });
    }
}
