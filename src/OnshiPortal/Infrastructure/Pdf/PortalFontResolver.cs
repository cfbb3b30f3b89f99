using PdfSharp.Fonts;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Serves BIZ UDGothic from the assembly's resources to PDFsharp, so that a PDF looks the same on a fresh server
/// with no Japanese font installed. Every family name resolves to it: the portal prints in one typeface.
/// </summary>
public sealed class PortalFontResolver : IFontResolver
{
    public const string FamilyName = "BIZ UDGothic";

    private const string RegularFace = "BIZUDGothic-Regular";
    private const string BoldFace = "BIZUDGothic-Bold";

    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>
    /// Installs the resolver once per process. PDFsharp keeps one global resolver and refuses a change after the
    /// first font was used, so concurrent first callers (two letter batches at once) must not race here.
    /// </summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered)
            {
                return;
            }

            if (GlobalFontSettings.FontResolver is not PortalFontResolver)
            {
                GlobalFontSettings.FontResolver = new PortalFontResolver();
            }

            registered = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? BoldFace : RegularFace);

    public byte[]? GetFont(string faceName)
    {
        var resource = $"OnshiPortal.Pdf.{faceName}.ttf";
        using var stream = typeof(PortalFontResolver).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The font resource {resource} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);

        // Its character map made compact: PDFsharp scans it for every character drawn (FontCmap).
        return FontCmap.Compact(copy.ToArray());
    }
}
