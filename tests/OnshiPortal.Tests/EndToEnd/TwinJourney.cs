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
    /// without checks, waits for the whole document and then for the network to be idle: the documents a review page
    /// embeds are fetched and their viewers placed, which the check's seconds used to allow for (a click on the
    /// reviewer's checkbox right after the page's own load landed beside it while the viewer moved the page).
    /// </summary>
    protected async Task CheckPageAsync(IPage page, string name)
    {
        if (ScreenshotPrefix is { } prefix)
        {
            await page.CheckPageAsync(prefix + name);
            return;
        }

        await page.UntilStyledAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
