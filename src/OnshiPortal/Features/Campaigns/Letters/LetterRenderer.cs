using OnshiPortal.Infrastructure.Pdf;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// Renders a batch of letters to one print-ready PDF: A4 portrait, two pages per letter (front, back), so that a
/// duplex printer puts each letter on one sheet in the order given.
/// </summary>
public sealed class LetterRenderer
{
    public LetterRenderer() => PortalFontResolver.Register();

    public byte[] Render(IEnumerable<Letter> letters)
    {
        using var output = new MemoryStream();
        Render(letters, output);
        return output.ToArray();
    }

    public void Render(IEnumerable<Letter> letters, Stream output)
    {
        using var document = new PdfDocument();
        document.Info.Title = "医療機関等向けポータルサイト ご案内";
        document.Info.Creator = "OnshiPortal";
        foreach (var letter in letters)
        {
            Validate(letter);
            using (var front = XGraphics.FromPdfPage(AddPage(document)))
            {
                new LetterFront(front, letter).Draw();
            }

            using var back = XGraphics.FromPdfPage(AddPage(document));
            new LetterBack(back, letter).Draw();
        }

        if (document.PageCount == 0)
        {
            throw new ArgumentException("A batch has at least one letter.", nameof(letters));
        }

        document.Save(output, closeStream: false);
    }

    private static PdfPage AddPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PageSize.A4;
        page.Orientation = PageOrientation.Portrait;
        return page;
    }

    private static void Validate(Letter letter)
    {
        if (letter.Kind == LetterKind.Unregistered
            && (string.IsNullOrWhiteSpace(letter.LoginId) || string.IsNullOrWhiteSpace(letter.TemporaryPassword)))
        {
            throw new ArgumentException($"Letter for {letter.InstitutionCode}: 別添1 prints a login ID and a temporary password.");
        }

        // The QR code is read by any phone and its URL lands in browser histories: it must never carry the password.
        if (letter.TemporaryPassword is { Length: > 0 } password
            && letter.PortalLoginUrl.Contains(password, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Letter for {letter.InstitutionCode}: the login URL must not contain the password.");
        }
    }
}
