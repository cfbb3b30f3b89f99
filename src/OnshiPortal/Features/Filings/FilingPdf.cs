using OnshiPortal.Features.CallCentre;
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

    /// <summary>今後の手続きに関するご案内: to the new code's address, after a succession was accepted.</summary>
    public static byte[] SuccessionGuidance(Filing filing, Succession.SuccessionEntries entries, string email, DateOnly letterDate, CallCentreContact callCentre)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(entries);
        using var document = PdfPageWriter.NewDocument($"今後の手続きに関するご案内 {filing.ReceiptNumber}");
        var writer = new PdfPageWriter(document);
        writer.Address(entries.PostalCodeDisplay, entries.NewAddress, $"{entries.NewName} 御中");
        writer.RightLines(Wareki.Format(letterDate), "厚生労働省保険局医療介護連携政策課", "社会保険診療報酬支払基金");
        writer.Title("今後の手続きに関するご案内");
        writer.Paragraph("\u3000平素より、オンライン資格確認の推進にご協力いただき、誠にありがとうございます。");
        writer.Paragraph($"\u3000医療機関等向けポータルサイトからご提出いただいた保険医療機関等承継届出（受付番号 {filing.ReceiptNumber}）を受理し、ポータルサイトのアカウントを新しい医療機関等コードに引き継ぎました。今後のお手続きについて、下記のとおりご案内いたします。");
        writer.Gap();
        writer.Heading("承継の内容");
        writer.Row("受付番号", filing.ReceiptNumber, bold: true);
        writer.Row("承継元の医療機関等コード", filing.InstitutionCode);
        writer.Row("承継元の名称", filing.InstitutionName);
        writer.Row("新しい医療機関等コード", entries.NewCode, bold: true);
        writer.Row("新しいコードの有効開始日", Wareki.Format(entries.ValidFrom));
        writer.Row("承継の理由", entries.ReasonText);
        writer.Row("ログインID（メールアドレス）", email);
        writer.Gap();
        writer.Heading("今後の手続き");
        writer.Paragraph("1. ポータルサイトへは、これまでと同じメールアドレスとパスワードでログインしてください。アカウント情報は新しい医療機関等コードで表示されます。");
        writer.Paragraph("2. オンライン資格確認等システムの医療機関等コードの変更を、システム事業者（ベンダー）にご依頼ください。資格確認端末の設定変更が必要です。");
        writer.Paragraph("3. 電子証明書は医療機関等コードごとに発行されます。新しい医療機関等コードの電子証明書の発行をポータルサイトから申請してください。");
        writer.Paragraph("4. 補助金の申請など、承継前に行った手続きの情報は、新しい医療機関等コードに引き継がれています。承継元のコードのデータは参照のみ可能です。");
        writer.Gap();
        ArgumentNullException.ThrowIfNull(callCentre);
        writer.Note($"ご不明な点は、オンライン資格確認等コールセンター（{callCentre.Phone}、通話無料、{callCentre.Hours}）へお問い合わせください。");
        writer.Close();
        return PdfPageWriter.Save(document);
    }
}
