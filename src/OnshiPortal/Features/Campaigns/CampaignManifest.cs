using System.Text;
using CsvHelper;
using OnshiPortal.Infrastructure.Csv;

namespace OnshiPortal.Features.Campaigns;

/// <summary>One line of the manifest: where a letter is in the print files. Never the password.</summary>
internal sealed record ManifestLine(string File, int Page, ExportRow Letter);

/// <summary>
/// The manifest the print shop and the call centre read beside the PDFs: file, page of the letter's front, 医療機関等
/// コード, name, postal code, login ID. In UTF-8 (with a BOM, for Excel) and in Shift_JIS for older tools, where a
/// character CP932 lacks (a rare 異体字 in a name) becomes 〓, the printers' mark for a missing glyph.
/// </summary>
internal static class CampaignManifest
{
    private static readonly string[] Headers = ["ファイル", "ページ", "医療機関等コード", "名称", "郵便番号", "仮ID"];

    private static readonly Encoding ShiftJis = CreateShiftJis();

    private static Encoding CreateShiftJis()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(932, new EncoderReplacementFallback("〓"), DecoderFallback.ExceptionFallback);
    }

    public static Task WriteAsync(FileStream stream, IReadOnlyList<ManifestLine> lines, bool shiftJis, CancellationToken cancellationToken) =>
        WriteAsync(
            stream,
            Headers,
            lines.Select(line => new[]
            {
                line.File,
                line.Page.ToString(System.Globalization.CultureInfo.InvariantCulture),
                line.Letter.InstitutionCode,
                SpreadsheetText.Protect(line.Letter.Name),
                SpreadsheetText.Protect(line.Letter.PostalCode),
                line.Letter.LoginId ?? string.Empty,
            }),
            shiftJis,
            cancellationToken);

    /// <summary>
    /// Any manifest in the print shop's two encodings (the post's print batches write theirs with it); the caller
    /// protects the fields a spreadsheet could take for a formula. The stream is closed.
    /// </summary>
    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, bool shiftJis, CancellationToken cancellationToken)
    {
        await using var owned = stream;
        await using var text = new StreamWriter(stream, shiftJis ? ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 1 << 16);
        var options = new CsvWriterOptions { Separator = ',', NewLine = "\r\n", Injection = CsvInjection.Escape };
        using (var csv = CsvWriter.Create(text, options, leaveOpen: true))
        {
            csv.WriteHeader(headers.ToArray());
            foreach (var row in rows)
            {
                cancellationToken.ThrowIfCancellationRequested();
                foreach (var field in row)
                {
                    csv.WriteField(field);
                }

                csv.EndRecord();
            }

            csv.Flush();
        }

        await text.FlushAsync(cancellationToken);
    }
}
