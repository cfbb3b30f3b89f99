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

    [GeneratedRegex(@"^Pages:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex PagesLine();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();
}
