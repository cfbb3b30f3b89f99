using System.Buffers.Binary;
using System.Numerics;

namespace OnshiPortal.Infrastructure.Pdf;

/// <summary>
/// Rewrites a TrueType font's Unicode character map (cmap format 4, the Basic Multilingual Plane) into a few wide
/// segments, the glyphs unchanged. PDFsharp 6.2.4 finds a character's glyph by scanning that map's segments from the
/// first on every character it draws; BIZ UDGothic's has 4,997 (its kanji are scattered over the glyph order), so
/// 東 took 1,864 comparisons, and a letter's own lines (address, name, caption) were a few percent of an export's CPU.
/// Runs of mapped characters less than <see cref="MaxGaps"/> apart are joined into one segment that lists its glyphs
/// (the gaps map to glyph 0, "no glyph", as before): about thirty segments for the whole font.
/// </summary>
internal static class FontCmap
{
    /// <summary>The widest gaps tried, widest first: the first whose table fits format 4's 64 KB is used.</summary>
    private static readonly int[] MaxGaps = [128, 64, 32, 16, 8, 0];

    /// <summary>The font with a compact map of its BMP characters, or the font itself when it has no format-4 map.</summary>
    public static byte[] Compact(byte[] font)
    {
        ArgumentNullException.ThrowIfNull(font);
        if (FindTable(font, "cmap") is not (var cmapRecord, var cmapOffset, var cmapLength)
            || FindFormat4(font, cmapOffset) is not { } format4)
        {
            return font;
        }

        var glyphs = Map(font, cmapOffset + format4);
        foreach (var gap in MaxGaps)
        {
            if (Format4(glyphs, gap) is not { } subtable)
            {
                continue;
            }

            // The new subtable goes after the old table's bytes (left in place, no longer referred to), and the
            // Unicode records (platform 0 and Windows' 3/1) that referred to the old one now refer to it.
            var cmap = new byte[Align(cmapLength) + subtable.Length];
            font.AsSpan(cmapOffset, cmapLength).CopyTo(cmap);
            subtable.CopyTo(cmap, Align(cmapLength));
            var records = BinaryPrimitives.ReadUInt16BigEndian(cmap.AsSpan(2));
            for (var i = 0; i < records; i++)
            {
                var record = cmap.AsSpan(4 + (8 * i), 8);
                if (BinaryPrimitives.ReadUInt32BigEndian(record[4..]) == (uint)format4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(record[4..], (uint)Align(cmapLength));
                }
            }

            return Replace(font, cmapRecord, cmap);
        }

        return font;
    }

    /// <summary>The glyph of each BMP code point (0 where the font has none) as a format-4 map gives it.</summary>
    internal static ushort[] Map(ReadOnlySpan<byte> font, int subtable)
    {
        var segments = BinaryPrimitives.ReadUInt16BigEndian(font[(subtable + 6)..]) / 2;
        var ends = subtable + 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        var glyphs = new ushort[0x10000];
        for (var s = 0; s < segments; s++)
        {
            int start = BinaryPrimitives.ReadUInt16BigEndian(font[(starts + (2 * s))..]);
            int end = BinaryPrimitives.ReadUInt16BigEndian(font[(ends + (2 * s))..]);
            var delta = BinaryPrimitives.ReadUInt16BigEndian(font[(deltas + (2 * s))..]);
            var rangeOffsetAt = rangeOffsets + (2 * s);
            int rangeOffset = BinaryPrimitives.ReadUInt16BigEndian(font[rangeOffsetAt..]);
            for (var c = start; c <= Math.Min(end, 0xFFFE); c++)
            {
                if (rangeOffset == 0)
                {
                    glyphs[c] = (ushort)(c + delta);
                    continue;
                }

                var glyph = BinaryPrimitives.ReadUInt16BigEndian(font[(rangeOffsetAt + rangeOffset + (2 * (c - start)))..]);
                glyphs[c] = glyph == 0 ? (ushort)0 : (ushort)(glyph + delta);
            }
        }

        return glyphs;
    }

    /// <summary>A format-4 subtable of the map, runs less than <paramref name="maxGap"/> apart joined; null if over 64 KB.</summary>
    private static byte[]? Format4(ushort[] glyphs, int maxGap)
    {
        var runs = new List<(int Start, int End, bool Listed)>();
        var c = 0;
        while (c < 0xFFFF)
        {
            if (glyphs[c] == 0)
            {
                c++;
                continue;
            }

            var start = c;
            var end = c;
            while (true)
            {
                var next = end + 1;
                while (next < 0xFFFF && glyphs[next] == 0 && next - end <= maxGap)
                {
                    next++;
                }

                if (next >= 0xFFFF || glyphs[next] == 0)
                {
                    break;
                }

                end = next;
            }

            // A run of consecutive glyphs for consecutive characters is one delta (no list), as in the original map.
            var listed = false;
            for (var i = start + 1; i <= end; i++)
            {
                listed |= (ushort)(glyphs[i] - i) != (ushort)(glyphs[start] - start);
            }

            runs.Add((start, end, listed));
            c = end + 1;
        }

        // The last segment is the one format 4 requires: 0xFFFF, no glyph.
        var segments = runs.Count + 1;
        var listedGlyphs = runs.Where(r => r.Listed).Sum(r => r.End - r.Start + 1);
        var length = 16 + (8 * segments) + (2 * listedGlyphs);
        if (length > ushort.MaxValue)
        {
            return null;
        }

        var table = new byte[length];
        var span = table.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, 4);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)length);
        BinaryPrimitives.WriteUInt16BigEndian(span[6..], (ushort)(2 * segments));
        var power = 1 << BitOperations.Log2((uint)segments);
        BinaryPrimitives.WriteUInt16BigEndian(span[8..], (ushort)(2 * power));
        BinaryPrimitives.WriteUInt16BigEndian(span[10..], (ushort)BitOperations.Log2((uint)power));
        BinaryPrimitives.WriteUInt16BigEndian(span[12..], (ushort)((2 * segments) - (2 * power)));
        var ends = 14;
        var starts = ends + (2 * segments) + 2;
        var deltas = starts + (2 * segments);
        var rangeOffsets = deltas + (2 * segments);
        var glyphArray = rangeOffsets + (2 * segments);
        var listedAt = glyphArray;
        for (var s = 0; s < segments; s++)
        {
            var (start, end, listed) = s < runs.Count ? runs[s] : (0xFFFF, 0xFFFF, false);
            BinaryPrimitives.WriteUInt16BigEndian(span[(ends + (2 * s))..], (ushort)end);
            BinaryPrimitives.WriteUInt16BigEndian(span[(starts + (2 * s))..], (ushort)start);
            if (!listed)
            {
                var delta = s < runs.Count ? (ushort)(glyphs[start] - start) : (ushort)1;
                BinaryPrimitives.WriteUInt16BigEndian(span[(deltas + (2 * s))..], delta);
                continue;
            }

            // The offset is counted from the segment's own idRangeOffset entry (the format's definition).
            BinaryPrimitives.WriteUInt16BigEndian(span[(rangeOffsets + (2 * s))..], (ushort)(listedAt - (rangeOffsets + (2 * s))));
            for (var i = start; i <= end; i++)
            {
                BinaryPrimitives.WriteUInt16BigEndian(span[listedAt..], glyphs[i]);
                listedAt += 2;
            }
        }

        return table;
    }

    /// <summary>The offset, within the cmap table, of its Windows Unicode BMP (3/1) subtable if that is format 4.</summary>
    private static int? FindFormat4(ReadOnlySpan<byte> font, int cmap)
    {
        var records = BinaryPrimitives.ReadUInt16BigEndian(font[(cmap + 2)..]);
        for (var i = 0; i < records; i++)
        {
            var record = font.Slice(cmap + 4 + (8 * i), 8);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(record[4..]);
            if (BinaryPrimitives.ReadUInt16BigEndian(record) == 3 && BinaryPrimitives.ReadUInt16BigEndian(record[2..]) == 1
                && BinaryPrimitives.ReadUInt16BigEndian(font[(cmap + offset)..]) == 4)
            {
                return offset;
            }
        }

        return null;
    }

    private static (int Record, int Offset, int Length)? FindTable(ReadOnlySpan<byte> font, string tag)
    {
        var tables = BinaryPrimitives.ReadUInt16BigEndian(font[4..]);
        for (var i = 0; i < tables; i++)
        {
            var record = 12 + (16 * i);
            if (font.Slice(record, 4).SequenceEqual(System.Text.Encoding.ASCII.GetBytes(tag)))
            {
                return (record, (int)BinaryPrimitives.ReadUInt32BigEndian(font[(record + 8)..]), (int)BinaryPrimitives.ReadUInt32BigEndian(font[(record + 12)..]));
            }
        }

        return null;
    }

    /// <summary>The font with a table's contents replaced by <paramref name="table"/>, put at the file's end.</summary>
    private static byte[] Replace(byte[] font, int record, byte[] table)
    {
        var at = Align(font.Length);
        var result = new byte[at + Align(table.Length)];
        font.CopyTo(result, 0);
        table.CopyTo(result, at);
        var entry = result.AsSpan(record);
        BinaryPrimitives.WriteUInt32BigEndian(entry[4..], Checksum(result.AsSpan(at, Align(table.Length))));
        BinaryPrimitives.WriteUInt32BigEndian(entry[8..], (uint)at);
        BinaryPrimitives.WriteUInt32BigEndian(entry[12..], (uint)table.Length);

        // head.checkSumAdjustment makes the whole file sum to 0xB1B0AFBA (the format's check of an intact file).
        if (FindTable(result, "head") is (_, var head, _))
        {
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(head + 8), 0);
            BinaryPrimitives.WriteUInt32BigEndian(result.AsSpan(head + 8), unchecked(0xB1B0AFBA - Checksum(result)));
        }

        return result;
    }

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        var sum = 0u;
        for (var i = 0; i + 4 <= data.Length; i += 4)
        {
            sum = unchecked(sum + BinaryPrimitives.ReadUInt32BigEndian(data[i..]));
        }

        return sum;
    }

    private static int Align(int length) => (length + 3) & ~3;
}
