using System.Text.Json;
using Microsoft.Playwright;

namespace OnshiPortal.Tests.Support;

/// <summary>Checks of what a page looks like that axe cannot make: where boxes stand, scrolling, print.</summary>
public static class LayoutChecks
{
    /// <summary>
    /// The step indicator (<c>ol.steps</c>) is one row: every step's box starts on the same top line (at a width
    /// where they fit), exactly one step is marked <c>aria-current="step"</c>, and it looks different from the
    /// others by more than colour (its weight and its border).
    /// </summary>
    public static async Task AssertStepsInOneRowAsync(this IPage page)
    {
        await page.UntilStyledAsync();
        var steps = await page.EvaluateAsync<JsonElement>("""
            () => [...document.querySelectorAll('ol.steps > li')].map(li => {
              const box = li.getBoundingClientRect();
              const style = getComputedStyle(li);
              return { top: Math.round(box.top), current: li.getAttribute('aria-current'), weight: style.fontWeight, border: style.borderTopWidth };
            })
            """);
        Assert.True(steps.GetArrayLength() >= 2, $"{page.Url}: no step indicator");
        var tops = steps.EnumerateArray().Select(s => s.GetProperty("top").GetInt32()).Distinct().ToList();
        Assert.True(tops.Count == 1, $"{page.Url}: the steps start at different heights ({string.Join(", ", tops)}), a staircase");
        var marked = steps.EnumerateArray().Where(s => s.GetProperty("current").ValueKind == JsonValueKind.String).ToList();
        var current = Assert.Single(marked);
        Assert.Equal("step", current.GetProperty("current").GetString());
        var other = steps.EnumerateArray().First(s => s.GetProperty("current").ValueKind != JsonValueKind.String);
        Assert.NotEqual(other.GetProperty("weight").GetString(), current.GetProperty("weight").GetString());
        Assert.NotEqual(other.GetProperty("border").GetString(), current.GetProperty("border").GetString());
    }

    /// <summary>The page's headings (visible or not) begin with one h1 and never go down more than one level at a time.</summary>
    public static async Task AssertHeadingsInOrderAsync(this IPage page)
    {
        var levels = await page.EvaluateAsync<int[]>("() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => Number(h.tagName[1]))");
        Assert.True(levels.Length > 0 && levels[0] == 1, $"{page.Url}: the first heading is not h1 ({string.Join(", ", levels)})");
        for (var i = 1; i < levels.Length; i++)
        {
            Assert.True(levels[i] <= levels[i - 1] + 1, $"{page.Url}: h{levels[i - 1]} is followed by h{levels[i]} ({string.Join(", ", levels)})");
        }
    }

    /// <summary>
    /// The error summary lists its errors in the order of their fields on the page, each linking to a field that
    /// exists (with a field-level error, at least <paramref name="atLeast"/> of them).
    /// </summary>
    public static async Task AssertErrorSummaryInFieldOrderAsync(this IPage page, int atLeast = 2)
    {
        var positions = await page.EvaluateAsync<int[]>("""
            () => {
              const all = [...document.querySelectorAll('*')];
              return [...document.querySelectorAll('.error-summary a')].map(a => {
                const field = document.getElementById(decodeURIComponent(a.getAttribute('href').slice(1)));
                return field ? all.indexOf(field) : -1;
              });
            }
            """);
        Assert.True(positions.Length >= atLeast, $"{page.Url}: {positions.Length} linked error(s) in the summary");
        Assert.True(!positions.Contains(-1), $"{page.Url}: an error links to no field ({string.Join(", ", await page.Locator(".error-summary a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))"))})");
        Assert.True(positions.SequenceEqual(positions.Order()), $"{page.Url}: the summary is not in the fields' order ({string.Join(", ", positions)})");
    }

    /// <summary>On a narrow screen the step indicator wraps inside the page rather than running off its side.</summary>
    public static async Task AssertStepsWrapAsync(this IPage page)
    {
        await page.UntilStyledAsync();
        var overflow = await page.EvaluateAsync<bool>("""
            () => [...document.querySelectorAll('ol.steps > li')].some(li => li.getBoundingClientRect().right > document.documentElement.clientWidth)
            """);
        Assert.False(overflow, $"{page.Url}: a step runs off the side of the window");
    }
}
