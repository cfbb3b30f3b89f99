using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The PDFs of filings, A4 portrait in BIZ UDGothic: the copy (控え) of what an institution filed, and, for an accepted
/// succession, the letter 「今後の手続きに関するご案内」 the operator prints and posts.
/// </summary>
public static class FilingPdf
{
    /// <summary>届出の控え: receipt number, dates, state, every entry, the attachments' names and the history.</summary>
    public static byte[] Copy(Filing filing, IReadOnlyList<FiledField> fields, IReadOnlyList<FilingEvent> history, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(history);
        using var document = PdfPageWriter.NewDocument($"{filing.Type.Japanese()} 控え {filing.ReceiptNumber}");
        var writer = new PdfPageWriter(document);
        writer.Title($"{filing.Type.Title()}（控え）");
        writer.Row("受付番号", filing.ReceiptNumber, bold: true);
        writer.Row("受付日時", Wareki.DateTime(filing.SubmittedAt));
        writer.Row("状態", filing.State.Japanese());
        writer.Row("医療機関等コード", filing.InstitutionCode);
        writer.Row("医療機関等の名称", filing.InstitutionName);
        writer.Gap();
        writer.Heading("届出の内容");
        foreach (var field in fields)
        {
            writer.Row(field.Label, field.Value);
        }

        if (filing.Attachments.Count > 0)
        {
            writer.Row("添付書類", string.Join("\n", filing.Attachments.Select(a => $"{a.FileName}（{a.Length / 1024.0:0.#}KB）")));
        }

        writer.Gap();
        writer.Heading("履歴");
        foreach (var e in history)
        {
            var amount = e.AmountAfter is { } after ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" {e.AmountBefore ?? 0:N0}円 → {after:N0}円") : string.Empty;
            writer.Row(Wareki.DateTime(e.At), FilingNames.EventName(e) + amount + (string.IsNullOrEmpty(e.Reason) ? string.Empty : $"（理由: {e.Reason}）"));
        }

        writer.Gap();
        writer.Note($"この控えは{Wareki.DateTime(printedAt)}に医療機関等向けポータルサイトから出力しました。");
        writer.Close();
        return PdfPageWriter.Save(document);
    }
}
