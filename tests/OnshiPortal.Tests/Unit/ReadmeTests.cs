using System.Text.RegularExpressions;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>The README is read by someone with the repository alone: what it points at must be in it.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));

    [Fact]
    public void Every_relative_link_points_at_a_file_in_the_repository()
    {
        var targets = MarkdownLink().Matches(Readme).Select(m => m.Groups[1].Value)
            .Where(t => !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith('#') && !t.StartsWith("mailto:", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(targets);
        foreach (var target in targets)
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, target.Split('#')[0]));
            Assert.True(path.StartsWith(RepositoryPaths.Root + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{target} is outside the repository");
            Assert.True(File.Exists(path) || Directory.Exists(path), $"{target} does not exist");
        }
    }

    [Fact]
    public void The_product_description_is_linked_from_the_readme()
    {
        Assert.Contains("](docs/design.md)", Readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Filings__Deferral__Deadline", "Deadline")]
    [InlineData("Filings__Attachments__Folder", "Folder")]
    [InlineData("Campaigns__StagingDirectory", "StagingDirectory")]
    public void A_documented_setting_exists_in_the_code(string setting, string property)
    {
        Assert.Contains("`" + setting + "`", Readme, StringComparison.Ordinal);
        var source = Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal"), "*Options.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText);
        Assert.Contains(source, text => text.Contains($" {property} {{ get; set; }}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_setting_that_no_longer_exists_is_not_documented()
    {
        Assert.DoesNotContain("Campaigns__StorageDirectory", Readme, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
