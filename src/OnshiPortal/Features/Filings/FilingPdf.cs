using OnshiPortal.Features.CallCentre;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The PDFs of filings, A4 portrait in BIZ UDGothic: the copy (控え) of what an institution filed, and, for an accepted
/// succession, the letter 「今後の手続きに関するご案内」 the operator prints and posts.
/// </summary>
public static class FilingPdf
{
    private const double PointsPerMm = 72 / 25.4;
    private const double Left = 20;
    private const double Width = 170;
    private const double Bottom = 280;

    private static double Mm(double mm) => mm * PointsPerMm;

    /// <summary>届出の控え: receipt number, dates, state, every entry, the attachments' names and the history.</summary>
    public static byte[] Copy(Filing filing, IReadOnlyList<FiledField> fields, IReadOnlyList<FilingEvent> history, DateTimeOffset printedAt)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(history);
        using var document = NewDocument($"{filing.Type.Japanese()} 控え {filing.ReceiptNumber}");
        var writer = new PageWriter(document);
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
        return Save(document);
    }

    /// <summary>今後の手続きに関するご案内: to the new code's address, after a succession was accepted.</summary>
    public static byte[] SuccessionGuidance(Filing filing, Succession.SuccessionEntries entries, string email, DateOnly letterDate, CallCentreContact callCentre)
    {
        ArgumentNullException.ThrowIfNull(filing);
        ArgumentNullException.ThrowIfNull(entries);
        using var document = NewDocument($"今後の手続きに関するご案内 {filing.ReceiptNumber}");
        var writer = new PageWriter(document);
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
        return Save(document);
    }

    private static PdfDocument NewDocument(string title)
    {
        PortalFontResolver.Register();
        var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = "OnshiPortal";
        return document;
    }

    private static byte[] Save(PdfDocument document)
    {
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>Writes down the page and starts a new one when the next block does not fit.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocument document;
        private XGraphics graphics = default!;
        private PdfText text = default!;
        private PdfText bold = default!;
        private double y;

        public PageWriter(PdfDocument document)
        {
            this.document = document;
            NewPage();
        }

        public void Title(string title)
        {
            var big = new PdfText(graphics, 14, 1.5);
            Fit(big.Measure($"**{title}**", Mm(Width)) + Mm(4));
            y = big.Paragraph($"**{title}**", Mm(Left), y, Mm(Width)) + Mm(4);
        }

        public void Heading(string heading)
        {
            Fit(bold.LineHeight * 2);
            y = bold.Paragraph($"**{heading}**", Mm(Left), y, Mm(Width)) + Mm(1);
            graphics.DrawLine(new XPen(XColors.Gray, 0.5), Mm(Left), y, Mm(Left + Width), y);
            y += Mm(1.5);
        }

        public void Row(string label, string value, bool bold = false)
        {
            var labelWidth = Mm(55);
            var valueWidth = Mm(Width - 57);
            var markup = bold ? $"**{Escape(value)}**" : Escape(value);
            var height = Math.Max(text.Measure(Escape(label), labelWidth), text.Measure(markup, valueWidth));
            Fit(height);
            text.Paragraph(Escape(label), Mm(Left), y, labelWidth);
            text.Paragraph(markup, Mm(Left + 57), y, valueWidth);
            y += height + Mm(1);
        }

        public void Paragraph(string value)
        {
            var height = text.Measure(Escape(value), Mm(Width));
            Fit(height);
            y = text.Paragraph(Escape(value), Mm(Left), y, Mm(Width)) + Mm(1.5);
        }

        public void Note(string value)
        {
            var small = new PdfText(graphics, 8.5);
            Fit(small.Measure(value, Mm(Width)));
            y = small.Paragraph(Escape(value), Mm(Left), y, Mm(Width));
        }

        public void Gap() => y += Mm(4);

        /// <summary>Ends the last page's drawing; the document can be saved after it.</summary>
        public void Close() => graphics.Dispose();

        public void Address(string postalCode, string address, string name)
        {
            var top = Mm(17);
            text.Line($"〒{postalCode}", Mm(24), top);
            var next = text.Paragraph(Escape(address), Mm(24), top + text.LineHeight, Mm(82));
            new PdfText(graphics, 12).Paragraph($"**{Escape(name)}**", Mm(24), next + Mm(1), Mm(82));
        }

        public void RightLines(params string[] lines)
        {
            var top = Mm(17);
            foreach (var line in lines)
            {
                text.Line(line, Mm(Left + Width), top, align: XStringAlignment.Far);
                top += text.LineHeight;
            }

            y = Mm(64);
        }

        /// <summary>Entries are the institution's own text: a "**" in them must not turn bold on.</summary>
        private static string Escape(string value) => value.Replace("**", "＊＊", StringComparison.Ordinal);

        private void Fit(double height)
        {
            if (y + height > Mm(Bottom))
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            graphics?.Dispose();
            var page = document.AddPage();
            page.Size = PageSize.A4;
            page.Orientation = PageOrientation.Portrait;
            graphics = XGraphics.FromPdfPage(page);
            text = new PdfText(graphics, 10, 1.5);
            bold = new PdfText(graphics, 11, 1.5);
            y = Mm(20);
        }
    }
}
