using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace OnshiPortal.Tests.Support;

/// <summary>What the English journeys ask of a page: its fields by their English labels, and no Japanese left.</summary>
public static partial class EnglishPages
{
    /// <summary>A field by its English label; a required field's label ends with the badge "Required".</summary>
    public static ILocator EnglishField(this IPage page, string label) =>
        page.GetByLabel(new Regex("^" + Regex.Escape(label) + @"(\s*Required)?$"));

    /// <summary>
    /// Nothing Japanese in the page's main part but <paramref name="data"/> (names and entries, not UI), what the CSS
    /// selectors <paramref name="leaveOut"/> pick (a letter's own text), form fields' contents, dates in 和暦 with
    /// 西暦 (their Japanese format stays in English: README, "Languages") and 支払基金, named beside its English name.
    /// </summary>
    public static async Task AssertNoJapaneseAsync(this IPage page, IEnumerable<string> data, params string[] leaveOut)
    {
        var text = await page.Locator("main").EvaluateAsync<string>(
            """
            (main, leaveOut) => {
                const copy = main.cloneNode(true);
                leaveOut.forEach(s => copy.querySelectorAll(s).forEach(e => e.remove()));
                copy.querySelectorAll('textarea, input').forEach(e => e.remove());
                document.body.appendChild(copy);
                const text = copy.innerText;
                copy.remove();
                return text;
            }
            """, leaveOut);
        foreach (var item in data.Append("支払基金").Where(d => d.Length > 0).OrderByDescending(d => d.Length))
        {
            text = text.Replace(item, string.Empty, StringComparison.Ordinal);
        }

        text = JapaneseDate().Replace(text, string.Empty);
        var japanese = Japanese().Matches(text).Select(m => m.Value).ToList();
        Assert.True(japanese.Count == 0, $"Japanese on an English page ({page.Url}): " + string.Join(" | ", japanese));
    }

    [GeneratedRegex(@"((令和|平成)(\d+|元)年\d+月\d+日（)?\d{4}年\d+月\d+日）?")]
    private static partial Regex JapaneseDate();

    [GeneratedRegex(@"[\u3040-\u30ff\u4e00-\u9fff]+")]
    private static partial Regex Japanese();
}
