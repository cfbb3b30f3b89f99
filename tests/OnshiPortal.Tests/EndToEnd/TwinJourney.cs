using Microsoft.Playwright;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.EndToEnd;

/// <summary>
/// A journey walked on both databases, as the data tests are: each step, text and refusal is asserted on SQLite and on
/// PostgreSQL. The page checks (axe-core and the kept screenshot, <see cref="PageChecks.CheckPageAsync"/>) are made on
/// the SQLite twin only. A page's markup is the same whichever database the rows came from; the PostgreSQL twin's
/// checks repeated them on the same pages and were most of its browser's CPU.
/// </summary>
public abstract class TwinJourney
{
    protected abstract TestDatabase CreateDatabase();

    /// <summary>The screenshots' prefix; null on the twin that does not check its pages.</summary>
    protected abstract string? ScreenshotPrefix { get; }

    /// <summary>
    /// Checks the page and keeps its screenshot as <see cref="ScreenshotPrefix"/> + <paramref name="name"/>. On the twin
    /// without checks, waits until the page and every document it embeds have loaded: the check's full-page screenshot
    /// used to bring the lazy viewers into view and its seconds let them settle, and a click on the reviewer's checkbox
    /// right after the page's own load once landed beside it while a viewer moved the page. Not Playwright's
    /// NetworkIdle: with PDF viewers in the page it can wait out its whole timeout with nothing in flight (a clean-clone
    /// run failed so on the subsidy review page).
    /// </summary>
    protected async Task CheckPageAsync(IPage page, string name)
    {
        if (ScreenshotPrefix is { } prefix)
        {
            await page.CheckPageAsync(prefix + name);
            return;
        }

        await page.UntilStyledAsync();
        await page.WaitForFunctionAsync(EmbedsLoaded);
    }

    // Every lazy frame and image is asked to load now; then each must have loaded its own document (a frame's starts
    // as about:blank) and each image its pixels.
    private const string EmbedsLoaded = """
        () => {
          const embeds = [...document.querySelectorAll('iframe, img')];
          for (const e of embeds) if (e.loading === 'lazy') e.loading = 'eager';
          return embeds.every(e => e.tagName === 'IMG'
            ? e.complete
            : e.contentDocument?.readyState === 'complete' && e.contentDocument.URL !== 'about:blank');
        }
        """;
}
