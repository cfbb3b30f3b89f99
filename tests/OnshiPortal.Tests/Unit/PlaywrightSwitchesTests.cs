using System.Text.RegularExpressions;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

public partial class PlaywrightSwitchesTests
{
    /// <summary>
    /// <see cref="Browser"/> gives Chromium one <c>--disable-features</c> with Playwright's features and its own, since
    /// Chromium keeps only the last of the switch: when a new Playwright turns off other features, the copy must follow,
    /// or ours would switch them back on. Reads the list from the Playwright driver the tests run with.
    /// </summary>
    [Fact]
    public void The_browsers_disabled_features_keep_every_feature_Playwright_disables()
    {
        var lib = Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "lib");
        var source = Directory.EnumerateFiles(lib, "*.js", SearchOption.AllDirectories)
            .Select(File.ReadAllText)
            .FirstOrDefault(text => text.Contains("disabledFeatures = [", StringComparison.Ordinal));
        Assert.True(source is not null, $"Playwright's list of disabled features was not found under {lib}.");

        var start = source.IndexOf("disabledFeatures = [", StringComparison.Ordinal);
        var list = source[start..source.IndexOf(']', start)];
        var playwrights = QuotedName().Matches(LineComment().Replace(list, string.Empty)).Select(m => m.Groups[1].Value).ToArray();

        Assert.NotEmpty(playwrights);
        Assert.Equal(playwrights, Browser.PlaywrightDisabledFeatures);
        Assert.Subset(Browser.DisabledFeatures.ToHashSet(), playwrights.ToHashSet());
    }

    [GeneratedRegex("\"([^\"]+)\"")]
    private static partial Regex QuotedName();

    [GeneratedRegex("//[^\n]*")]
    private static partial Regex LineComment();
}
