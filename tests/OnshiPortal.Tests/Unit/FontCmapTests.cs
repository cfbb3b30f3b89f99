using System.Buffers.Binary;
using OnshiPortal.Infrastructure.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Fonts;

namespace OnshiPortal.Tests.Unit;

/// <summary>The compact character map gives every character the glyph the shipped font's own map gives it.</summary>
public sealed class FontCmapTests
{
    public static TheoryData<string> Faces => ["BIZUDGothic-Regular", "BIZUDGothic-Bold"];

    [Theory]
    [MemberData(nameof(Faces))]
    public void Every_bmp_character_keeps_its_glyph_in_a_few_segments(string face)
    {
        var original = Shipped(face);
        var compact = FontCmap.Compact(original);

        var before = FontCmap.Map(original, Format4(original));
        var after = FontCmap.Map(compact, Format4(compact));

        Assert.Equal(before, after);
        Assert.True(before.Count(g => g != 0) > 10_000, "the font maps its Japanese characters");
        Assert.InRange(BinaryPrimitives.ReadUInt16BigEndian(compact.AsSpan(Format4(compact) + 6)) / 2, 2, 64);
        Assert.Equal(0xB1B0AFBAu, Checksum(compact)); // the file's own check (head.checkSumAdjustment) holds
    }

    [Fact]
    public void PdfSharp_draws_with_the_glyphs_of_the_shipped_map()
    {
        PortalFontResolver.Register();
        var font = new XFont(PortalFontResolver.FamilyName, 10);
        var shipped = FontCmap.Map(Shipped("BIZUDGothic-Regular"), Format4(Shipped("BIZUDGothic-Regular")));

        foreach (var c in "Aa0@〒東京都千代田区霞が関丁目番地号郵便プラザ室御中医療機関等コード：ｱ①☎～（）")
        {
            Assert.Equal(shipped[c], GlyphHelper.GlyphIndexFromCodePoint(c, font));
        }
    }

    private static byte[] Shipped(string face)
    {
        using var stream = typeof(PortalFontResolver).Assembly.GetManifestResourceStream($"OnshiPortal.Pdf.{face}.ttf")!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Where the font's Windows Unicode BMP map (3/1) starts in the file.</summary>
    private static int Format4(byte[] font)
    {
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
        for (var i = 0; i < tables; i++)
        {
            var record = font.AsSpan(12 + (16 * i));
            if (record[..4].SequenceEqual("cmap"u8))
            {
                var cmap = (int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
                for (var j = 0; j < BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(cmap + 2)); j++)
                {
                    var encoding = font.AsSpan(cmap + 4 + (8 * j));
                    if (BinaryPrimitives.ReadUInt16BigEndian(encoding) == 3 && BinaryPrimitives.ReadUInt16BigEndian(encoding[2..]) == 1)
                    {
                        return cmap + (int)BinaryPrimitives.ReadUInt32BigEndian(encoding[4..]);
                    }
                }
            }
        }

        throw new InvalidOperationException("no 3/1 character map");
    }

    private static uint Checksum(byte[] font)
    {
        var sum = 0u;
        for (var i = 0; i + 4 <= font.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(font.AsSpan(i)));
        }

        return sum;
    }
}
