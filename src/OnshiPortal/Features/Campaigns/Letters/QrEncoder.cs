using System.Numerics;
using System.Text;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// A QR code encoder for what letters print: ASCII text (a URL) in byte mode at error correction level M, versions 1
/// to 10 (up to 213 bytes), as ISO/IEC 18004 describes it, with the standard's choice among the eight masks by
/// penalty score. QRCoder made the same codes but spent a quarter of an export choosing the mask (its
/// ModuleMatrix.Score); this scores a mask on rows and columns as bit masks (<see cref="Penalty"/>). <see cref="Encode"/> answers null for text it does not cover (longer, or not
/// ASCII), and the caller falls back to QRCoder.
/// </summary>
internal static class QrEncoder
{
    /// <summary>The quiet zone around the symbol, in modules.</summary>
    public const int QuietZone = 4;

    /// <summary>The finder-like patterns the penalty counts, over 11 modules: bit k is module k (1 dark).</summary>
    private const int LightFirstFinder = 0b101_1101_0000, LightLastFinder = 0b000_0101_1101;

    // Per version 1..10 at level M: error correction codewords per block, blocks, and data codewords in all.
    private static readonly int[] EccPerBlock = [0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26];
    private static readonly int[] Blocks = [0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5];
    private static readonly int[] TotalCodewords = [0, 26, 44, 70, 100, 134, 172, 196, 242, 292, 346];

    private static readonly int[][] AlignmentCentres =
    [
        [], [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34], [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50],
    ];

    private static readonly byte[][] Divisors = [.. Enumerable.Range(0, 31).Select(d => d == 0 ? [] : Divisor(d))];

    /// <summary>The modules, quiet zone included, row by row: true is dark. Null when the text is not covered.</summary>
    /// <param name="mask">A mask to use instead of the best one by penalty (for tests).</param>
    public static bool[][]? Encode(string text, int? mask = null)
    {
        if (text.Any(c => c > 0x7E))
        {
            return null;
        }

        var bytes = Encoding.ASCII.GetBytes(text);
        var version = 0;
        for (var v = 1; v <= 10; v++)
        {
            var capacityBits = DataCodewords(v) * 8;
            if (4 + (v < 10 ? 8 : 16) + (bytes.Length * 8) <= capacityBits)
            {
                version = v;
                break;
            }
        }

        if (version == 0)
        {
            return null;
        }

        var codewords = Interleave(version, DataBits(version, bytes));
        var size = (version * 4) + 17;
        var modules = new byte[size * size]; // bit 0: dark; bit 1: function module
        DrawFunctionPatterns(modules, size, version);
        PlaceData(modules, size, codewords);

        var best = -1;
        var bestPenalty = int.MaxValue;
        var candidate = new byte[modules.Length];
        for (var m = 0; m < 8 && mask is null; m++)
        {
            modules.CopyTo(candidate, 0);
            ApplyMask(candidate, size, m);
            DrawFormatBits(candidate, size, m);
            var penalty = Penalty(candidate, size);
            if (penalty < bestPenalty)
            {
                bestPenalty = penalty;
                best = m;
            }
        }

        best = mask ?? best;
        ApplyMask(modules, size, best);
        DrawFormatBits(modules, size, best);

        var side = size + (2 * QuietZone);
        var rows = new bool[side][];
        for (var y = 0; y < side; y++)
        {
            rows[y] = new bool[side];
            if (y < QuietZone || y >= QuietZone + size)
            {
                continue;
            }

            for (var x = 0; x < size; x++)
            {
                rows[y][x + QuietZone] = (modules[((y - QuietZone) * size) + x] & 1) != 0;
            }
        }

        return rows;
    }

    private static int DataCodewords(int version) => TotalCodewords[version] - (EccPerBlock[version] * Blocks[version]);

    /// <summary>Mode, count, the bytes, the terminator and the padding, as data codewords.</summary>
    private static byte[] DataBits(int version, byte[] bytes)
    {
        var capacity = DataCodewords(version);
        var data = new byte[capacity];
        var bit = 0;
        void Append(int value, int length)
        {
            for (var i = length - 1; i >= 0; i--, bit++)
            {
                if (((value >> i) & 1) != 0)
                {
                    data[bit >> 3] |= (byte)(0x80 >> (bit & 7));
                }
            }
        }

        Append(0b0100, 4);
        Append(bytes.Length, version < 10 ? 8 : 16);
        foreach (var b in bytes)
        {
            Append(b, 8);
        }

        bit += Math.Min(4, (capacity * 8) - bit); // the terminator: zeros, already there
        var next = (bit + 7) >> 3;
        for (var pad = 0; next < capacity; next++, pad ^= 1)
        {
            data[next] = pad == 0 ? (byte)0xEC : (byte)0x11;
        }

        return data;
    }

    /// <summary>Splits the data into blocks, adds each block's Reed-Solomon codewords, and interleaves them.</summary>
    private static byte[] Interleave(int version, byte[] data)
    {
        var blocks = Blocks[version];
        var ecc = EccPerBlock[version];
        var shortBlocks = blocks - (TotalCodewords[version] % blocks);
        var shortLength = (TotalCodewords[version] / blocks) - ecc;
        var divisor = Divisors[ecc];
        var dataBlocks = new byte[blocks][];
        var eccBlocks = new byte[blocks][];
        for (int b = 0, offset = 0; b < blocks; b++)
        {
            var length = shortLength + (b < shortBlocks ? 0 : 1);
            dataBlocks[b] = data[offset..(offset + length)];
            eccBlocks[b] = Remainder(dataBlocks[b], divisor);
            offset += length;
        }

        var result = new byte[TotalCodewords[version]];
        var k = 0;
        for (var i = 0; i <= shortLength; i++)
        {
            for (var b = 0; b < blocks; b++)
            {
                if (i < dataBlocks[b].Length)
                {
                    result[k++] = dataBlocks[b][i];
                }
            }
        }

        for (var i = 0; i < ecc; i++)
        {
            for (var b = 0; b < blocks; b++)
            {
                result[k++] = eccBlocks[b][i];
            }
        }

        return result;
    }

    private static void Set(byte[] modules, int size, int x, int y, bool dark) =>
        modules[(y * size) + x] = (byte)(2 | (dark ? 1 : 0));

    private static void DrawFunctionPatterns(byte[] modules, int size, int version)
    {
        for (var i = 0; i < size; i++)
        {
            Set(modules, size, 6, i, i % 2 == 0);
            Set(modules, size, i, 6, i % 2 == 0);
        }

        foreach (var (cx, cy) in new[] { (3, 3), (size - 4, 3), (3, size - 4) })
        {
            // The finder pattern and its light separator.
            for (var dy = -4; dy <= 4; dy++)
            {
                for (var dx = -4; dx <= 4; dx++)
                {
                    var (x, y) = (cx + dx, cy + dy);
                    if (x >= 0 && x < size && y >= 0 && y < size)
                    {
                        var distance = Math.Max(Math.Abs(dx), Math.Abs(dy));
                        Set(modules, size, x, y, distance != 2 && distance != 4);
                    }
                }
            }
        }

        var centres = AlignmentCentres[version];
        for (var i = 0; i < centres.Length; i++)
        {
            for (var j = 0; j < centres.Length; j++)
            {
                var last = centres.Length - 1;
                if ((i == 0 && j == 0) || (i == 0 && j == last) || (i == last && j == 0))
                {
                    continue; // where the finder patterns are
                }

                for (var dy = -2; dy <= 2; dy++)
                {
                    for (var dx = -2; dx <= 2; dx++)
                    {
                        Set(modules, size, centres[i] + dx, centres[j] + dy, Math.Max(Math.Abs(dx), Math.Abs(dy)) != 1);
                    }
                }
            }
        }

        DrawFormatBits(modules, size, 0); // reserves the format areas (and the dark module); drawn again per mask
        if (version >= 7)
        {
            var remainder = version;
            for (var i = 0; i < 12; i++)
            {
                remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25);
            }

            var bits = (version << 12) | remainder;
            for (var i = 0; i < 18; i++)
            {
                var dark = ((bits >> i) & 1) != 0;
                var a = size - 11 + (i % 3);
                var b = i / 3;
                Set(modules, size, a, b, dark);
                Set(modules, size, b, a, dark);
            }
        }
    }

    /// <summary>The format information (level M and the mask), both copies.</summary>
    private static void DrawFormatBits(byte[] modules, int size, int mask)
    {
        var data = mask; // level M's two bits are 00
        var remainder = data;
        for (var i = 0; i < 10; i++)
        {
            remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537);
        }

        var bits = ((data << 10) | remainder) ^ 0x5412;
        bool Bit(int i) => ((bits >> i) & 1) != 0;
        for (var i = 0; i <= 5; i++)
        {
            Set(modules, size, 8, i, Bit(i));
        }

        Set(modules, size, 8, 7, Bit(6));
        Set(modules, size, 8, 8, Bit(7));
        Set(modules, size, 7, 8, Bit(8));
        for (var i = 9; i < 15; i++)
        {
            Set(modules, size, 14 - i, 8, Bit(i));
        }

        for (var i = 0; i < 8; i++)
        {
            Set(modules, size, size - 1 - i, 8, Bit(i));
        }

        for (var i = 8; i < 15; i++)
        {
            Set(modules, size, 8, size - 15 + i, Bit(i));
        }

        Set(modules, size, 8, size - 8, true);
    }

    /// <summary>The codewords in the standard's zigzag, two columns at a time from the right, around the function patterns.</summary>
    private static void PlaceData(byte[] modules, int size, byte[] codewords)
    {
        var i = 0;
        for (var right = size - 1; right >= 1; right -= 2)
        {
            if (right == 6)
            {
                right = 5;
            }

            for (var vertical = 0; vertical < size; vertical++)
            {
                for (var j = 0; j < 2; j++)
                {
                    var x = right - j;
                    var upward = ((right + 1) & 2) == 0;
                    var y = upward ? size - 1 - vertical : vertical;
                    var index = (y * size) + x;
                    if ((modules[index] & 2) == 0 && i < codewords.Length * 8)
                    {
                        modules[index] = (byte)((codewords[i >> 3] >> (7 - (i & 7))) & 1);
                        i++;
                    }
                }
            }
        }
    }

    /// <summary>Inverts the data modules where the mask's condition holds (function modules, bit 1, stay).</summary>
    private static void ApplyMask(byte[] modules, int size, int mask)
    {
        var pattern = MaskPatterns.GetOrAdd((size, mask), key => MaskPattern(key.Size, key.Mask));
        for (var i = 0; i < modules.Length; i++)
        {
            if ((modules[i] & 2) == 0)
            {
                modules[i] ^= pattern[i];
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int Size, int Mask), byte[]> MaskPatterns = new();

    private static byte[] MaskPattern(int size, int mask)
    {
        var pattern = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var invert = mask switch
                {
                    0 => (x + y) % 2 == 0,
                    1 => y % 2 == 0,
                    2 => x % 3 == 0,
                    3 => (x + y) % 3 == 0,
                    4 => ((x / 3) + (y / 2)) % 2 == 0,
                    5 => ((x * y) % 2) + ((x * y) % 3) == 0,
                    6 => (((x * y) % 2) + ((x * y) % 3)) % 2 == 0,
                    _ => (((x + y) % 2) + ((x * y) % 3)) % 2 == 0,
                };
                pattern[(y * size) + x] = invert ? (byte)1 : (byte)0;
            }
        }

        return pattern;
    }

    /// <summary>
    /// The standard's penalty of a masked symbol (the sum QRCoder computes), on each row and column as a bit mask of its
    /// dark modules: runs of five or more of one colour (N1 + the run's excess), 2×2 blocks of one colour (N2), the
    /// finder-like 1:1:3:1:1 pattern with four light modules on one side wholly inside the symbol (N3), and the
    /// balance of dark and light (N4). Scoring the eight masks module by module was most of a letter's QR code.
    /// </summary>
    internal static int Penalty(byte[] modules, int size)
    {
        Span<ulong> rows = stackalloc ulong[size];
        Span<ulong> columns = stackalloc ulong[size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                if ((modules[(y * size) + x] & 1) != 0)
                {
                    rows[y] |= 1UL << x;
                    columns[x] |= 1UL << y;
                }
            }
        }

        var full = (1UL << size) - 1;
        var penalty = 0;
        var dark = 0;
        for (var i = 0; i < size; i++)
        {
            penalty += LinePenalty(rows[i], full) + LinePenalty(columns[i], full);
            dark += BitOperations.PopCount(rows[i]);
            if (i < size - 1)
            {
                // Bit x: modules x and x + 1 of this row and the next are all of one colour.
                var (row, next) = (rows[i], rows[i + 1]);
                var vertical = ~(row ^ next);
                penalty += 3 * BitOperations.PopCount(vertical & (vertical >> 1) & ~(row ^ (row >> 1)) & (full >> 1));
            }
        }

        var total = size * size;
        penalty += Math.Abs((dark * 20) - (total * 10)) / total * 10;
        return penalty;
    }

    /// <summary>N1 and N3 of one row or column, bit i its module i (1 dark); <paramref name="full"/> has a bit per module.</summary>
    private static int LinePenalty(ulong line, ulong full)
    {
        var penalty = 0;
        foreach (var colour in (ReadOnlySpan<ulong>)[line, ~line & full])
        {
            // Bit i: modules i to i + 4 are of the colour. A run of n ≥ 5 sets n - 4 such bits in one group, and
            // scores n - 2: the bits, and 2 for each group.
            var fives = colour & (colour >> 1) & (colour >> 2) & (colour >> 3) & (colour >> 4);
            penalty += BitOperations.PopCount(fives) + (2 * BitOperations.PopCount(fives & ~(fives << 1)));
        }

        // Bit i: modules i to i + 10 read 0000 1011101 (light first), or 1011101 0000.
        var (lightFirst, lightLast) = (full >> 10, full >> 10);
        for (var k = 0; k < 11; k++)
        {
            lightFirst &= ((LightFirstFinder >> k) & 1) != 0 ? line >> k : ~line >> k;
            lightLast &= ((LightLastFinder >> k) & 1) != 0 ? line >> k : ~line >> k;
        }

        return penalty + (40 * (BitOperations.PopCount(lightFirst) + BitOperations.PopCount(lightLast)));
    }

    /// <summary>The Reed-Solomon generator polynomial of a degree, highest coefficient (always 1) left out.</summary>
    private static byte[] Divisor(int degree)
    {
        var result = new byte[degree];
        result[degree - 1] = 1;
        var root = 1;
        for (var i = 0; i < degree; i++)
        {
            for (var j = 0; j < degree; j++)
            {
                result[j] = Multiply(result[j], root);
                if (j + 1 < degree)
                {
                    result[j] ^= result[j + 1];
                }
            }

            root = Multiply(root, 0x02);
        }

        return result;
    }

    private static byte[] Remainder(byte[] data, byte[] divisor)
    {
        var result = new byte[divisor.Length];
        foreach (var b in data)
        {
            var factor = b ^ result[0];
            Array.Copy(result, 1, result, 0, result.Length - 1);
            result[^1] = 0;
            for (var i = 0; i < result.Length; i++)
            {
                result[i] ^= Multiply(divisor[i], factor);
            }
        }

        return result;
    }

    /// <summary>Multiplication in GF(2⁸) modulo x⁸ + x⁴ + x³ + x² + 1.</summary>
    private static byte Multiply(int x, int y)
    {
        var z = 0;
        for (var i = 7; i >= 0; i--)
        {
            z = (z << 1) ^ ((z >> 7) * 0x11D);
            z ^= ((y >> i) & 1) * x;
        }

        return (byte)z;
    }
}
