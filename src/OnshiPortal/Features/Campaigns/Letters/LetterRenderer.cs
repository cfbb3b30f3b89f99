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
    public LetterRenderer()
    {
        PortalFontResolver.Register();
        PdfSharpConstructors.Keep();
    }

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

        // Each page's own content is a few kilobytes of operators: zlib's fastest level packs it nearly as small as
        // its default level does (the shared parts are drawn once per file) in a fraction of the time.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;

        // What letters of one kind and one set of dates share is drawn once per file as two forms (PDF XObjects):
        // the shared text of the front, and the whole back. Each page refers to them and adds its own few lines, which
        // keeps a 1,000-letter file small and its rendering several times faster than drawing every page whole.
        // The QR code's side is part of the key: the caption beside it is shared, placed for that side.
        var templates = new Dictionary<(LetterKind, DateOnly, DateOnly, DateOnly, LetterSentences, Features.CallCentre.CallCentreContact, double), LetterTemplate>();
        foreach (var letter in letters)
        {
            Validate(letter);
            var qr = new QrCode(letter.PortalLoginUrl);
            var key = (letter.Kind, letter.LetterDate, letter.Deadline, letter.CutoffDate, letter.Sentences, letter.CallCentre, qr.Side);
            if (!templates.TryGetValue(key, out var template))
            {
                template = templates[key] = LetterTemplate.Create(document, letter, qr.Side);
            }

            using (var front = XGraphics.FromPdfPage(AddPage(document)))
            {
                front.DrawImage(template.Front, 0, 0);
                new LetterFront(front, letter).DrawOwn(template.Layout, qr);
            }

            using var back = XGraphics.FromPdfPage(AddPage(document));
            back.DrawImage(template.Back, 0, 0);
        }

        if (document.PageCount == 0)
        {
            throw new ArgumentException("A batch has at least one letter.", nameof(letters));
        }

        document.Save(output, closeStream: false);
    }

    /// <summary>The shared front and back of the letters of one kind and dates, as forms, and the front's layout.</summary>
    private sealed record LetterTemplate(XForm Front, FrontLayout Layout, XForm Back)
    {
        public static LetterTemplate Create(PdfDocument document, Letter letter, double qrSide)
        {
            var size = PageSizeConverter.ToSize(PageSize.A4);
            var front = new XForm(document, XUnit.FromPoint(size.Width), XUnit.FromPoint(size.Height));
            FrontLayout layout;
            using (var graphics = XGraphics.FromForm(front))
            {
                layout = new LetterFront(graphics, letter).DrawShared(qrSide);
            }

            var back = new XForm(document, XUnit.FromPoint(size.Width), XUnit.FromPoint(size.Height));
            using (var graphics = XGraphics.FromForm(back))
            {
                new LetterBack(graphics, letter).Draw();
            }

            return new LetterTemplate(front, layout, back);
        }
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
