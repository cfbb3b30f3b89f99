using System.Net;
using System.Text;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Infrastructure;
using QRCoder;

namespace OnshiPortal.Bench;

/// <summary>
/// The peer of the letter benchmark: the same letters as one mail-merged HTML document (front and back per letter,
/// page breaks between, the QR code as an image per letter), for LibreOffice to convert to PDF.
/// </summary>
internal static class MailMergeDocument
{
    public static void Write(IReadOnlyList<Letter> letters, string path)
    {
        var html = new StringBuilder("""
            <!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>
            body { font-family: "BIZ UDGothic"; font-size: 9pt; }
            table { border-collapse: collapse; } td { border: 1px solid black; padding: 4pt; }
            </style></head><body>
            """);
        // LibreOffice's HTML import honours a page break on a paragraph, not on a div.
        const string PageBreak = "<p style=\"page-break-before: always\"></p>";
        var first = true;
        foreach (var letter in letters)
        {
            var kind = letter.Kind;
            html.Append(first ? string.Empty : PageBreak);
            first = false;
            html.Append($"<p>〒{letter.PostalCode[..3]}-{letter.PostalCode[3..]}<br>{E(letter.Address)}<br><b>{E(letter.InstitutionName)} 御中</b></p>");
            html.Append($"<p align=\"right\">{Wareki.Format(letter.LetterDate)}<br>{LetterText.Senders1}<br>{LetterText.Senders2}<br>医療機関等コード：{letter.InstitutionCode}</p>");
            html.Append($"<h1 align=\"center\">{E(LetterText.Title(kind))}</h1>");
            foreach (var paragraph in LetterText.Body(kind, Wareki.Format(letter.Deadline), letter.Sentences))
            {
                html.Append($"<p>{M(paragraph)}</p>");
            }

            if (kind == LetterKind.Unregistered)
            {
                html.Append($"<p>{M(LetterText.UnregisteredLead)}</p><p>{M(LetterText.UnregisteredInstruction)}</p>");
                html.Append($"<p align=\"center\"><b>{E(LetterText.CredentialCaption(letter.InstitutionName))}</b></p>");
                html.Append($"<table><tr><td>仮メールアドレス</td><td><b>{letter.LoginId}</b></td></tr><tr><td>仮パスワード</td><td><b>{letter.TemporaryPassword}</b></td></tr></table>");
            }
            else
            {
                html.Append("<table><tr>");
                foreach (var (heading, request, pointer) in LetterText.Choices)
                {
                    html.Append($"<td><b>{M(heading)}</b><br>{M(request)}<br>{M(pointer)}</td>");
                }

                html.Append("</tr></table>");
            }

            foreach (var note in LetterText.Notes(kind, Wareki.Format(letter.CutoffDate)))
            {
                html.Append($"<p>{M(note)}</p>");
            }

            using var qr = new QRCodeGenerator().CreateQrCode(letter.PortalLoginUrl, QRCodeGenerator.ECCLevel.M);
            var png = Convert.ToBase64String(new PngByteQRCode(qr).GetGraphic(4));
            html.Append($"<p align=\"right\">{LetterText.QrCaption(kind)}<br>{E(letter.PortalLoginUrl)} <img src=\"data:image/png;base64,{png}\" width=\"90\" height=\"90\" alt=\"QR\"></p>");
            html.Append(PageBreak);
            foreach (var (heading, items) in LetterText.Back(kind, letter.CallCentre))
            {
                html.Append($"<h2 align=\"center\">{E(heading)}</h2>");
                foreach (var item in items)
                {
                    html.Append($"<p>{M(item)}</p>");
                }
            }

            html.Append($"<p>{LetterText.CallCentre}<br><b>{LetterText.CallCentrePhone(letter.CallCentre)}</b></p>");
        }

        html.Append("</body></html>");
        File.WriteAllText(path, html.ToString());
    }

    private static string E(string text) => WebUtility.HtmlEncode(text).Replace("\n", "<br>", StringComparison.Ordinal);

    /// <summary>The letters' markup: **bold**.</summary>
    private static string M(string markup)
    {
        var parts = E(markup).Split("**");
        var html = new StringBuilder();
        for (var i = 0; i < parts.Length; i++)
        {
            html.Append(i % 2 == 1 ? $"<b>{parts[i]}</b>" : parts[i]);
        }

        return html.ToString();
    }
}
