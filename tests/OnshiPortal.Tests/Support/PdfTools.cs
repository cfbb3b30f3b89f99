using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OnshiPortal.Tests.Support;

/// <summary>Reads PDFs back with poppler-utils and zbar-tools (installed by tests/run.sh), as a person or a scanner would.</summary>
public static partial class PdfTools
{
    public static int PageCount(string pdf) =>
        int.Parse(PagesLine().Match(Run("pdfinfo", pdf)).Groups[1].Value);

    /// <summary>The text of each page (pdftotext -raw), in page order.</summary>
    public static string[] Pages(string pdf) => Run("pdftotext", "-raw", pdf, "-").Split('\f');

    /// <summary>pdftotext pads columns and breaks lines; compare without white space.</summary>
    public static string Compact(string text) => WhiteSpace().Replace(text, string.Empty);

    /// <summary>The QR code on one page, rendered at 300 dpi and decoded.</summary>
    public static string DecodeQr(string pdf, int page, string workFolder)
    {
        var prefix = Path.Combine(workFolder, $"qr-page-{page}");
        Run("pdftoppm", "-r", "300", "-png", "-f", page.ToString(), "-l", page.ToString(), "-singlefile", pdf, prefix);
        return Run("zbarimg", "--raw", "-q", prefix + ".png").Trim();
    }

    /// <summary>
    /// The fonts of a PDF as pdffonts lists them: name (which may hold spaces) and whether the file carries the font,
    /// read by the columns that the dashed line under the header marks out.
    /// </summary>
    public static List<(string Name, bool Embedded)> Fonts(string pdf)
    {
        var lines = Run("pdffonts", pdf).Split('\n');
        var columns = new List<(int Start, int Length)>();
        foreach (Match dashes in Dashes().Matches(lines[1]))
        {
            columns.Add((dashes.Index, dashes.Length));
        }

        string Cell(string line, int column) =>
            line.Length <= columns[column].Start ? string.Empty : line.Substring(columns[column].Start, Math.Min(columns[column].Length, line.Length - columns[column].Start)).Trim();

        return [.. lines.Skip(2).Where(l => l.Trim().Length > 0).Select(l => (Cell(l, 0), Cell(l, 3) == "yes"))];
    }

    /// <summary>The words of one page with their boxes in points from the top left (pdftotext -bbox).</summary>
    public static List<PdfWord> Words(string pdf, int page) =>
        [.. WordBox().Matches(Run("pdftotext", "-bbox", "-f", page.ToString(), "-l", page.ToString(), pdf, "-")).Select(m => new PdfWord(
            System.Net.WebUtility.HtmlDecode(m.Groups["text"].Value),
            double.Parse(m.Groups["x0"].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(m.Groups["y0"].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(m.Groups["x1"].Value, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(m.Groups["y1"].Value, System.Globalization.CultureInfo.InvariantCulture)))];

    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} failed ({process.ExitCode}): {error}");
        return output.Result;
    }

    [GeneratedRegex("-+")]
    private static partial Regex Dashes();

    [GeneratedRegex("""<word xMin="(?<x0>[\d.]+)" yMin="(?<y0>[\d.]+)" xMax="(?<x1>[\d.]+)" yMax="(?<y1>[\d.]+)">(?<text>[^<]*)</word>""")]
    private static partial Regex WordBox();

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}

public sealed record PdfWord(string Text, double XMin, double YMin, double XMax, double YMax);
