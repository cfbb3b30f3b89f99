using OnshiPortal.Features.Campaigns.Letters;
using QRCoder;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// The letters' own QR encoder against QRCoder, which made the letters' codes before: for URLs of every length the
/// encoder covers (versions 1 to 10 at level M, including the versions with version information and uneven blocks)
/// both make the same modules under one of the eight masks (nearly always the same one: the penalty scores differ
/// on rare ties). zbarimg reads the printed codes in LetterRendererTests.
/// </summary>
public sealed class QrEncoderTests
{
    public static TheoryData<int> Lengths() => [.. Enumerable.Range(1, 213).Where(n => n % 7 == 0 || n is 1 or 14 or 15 or 26 or 27 or 42 or 43 or 62 or 63 or 84 or 85 or 106 or 107 or 122 or 123 or 152 or 153 or 180 or 181 or 213)];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void The_modules_are_qrcoder_s_for_urls_of_every_covered_length(int length)
    {
        var random = new Random(length);
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/?=&:";
        var url = ("https://portal.example.jp/login?id=" + new string([.. Enumerable.Range(0, 213).Select(_ => Alphabet[random.Next(Alphabet.Length)])]))[..length];

        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        var theirs = data.ModuleMatrix.Select(row => Enumerable.Range(0, row.Length).Select(i => row[i]).ToArray()).ToArray();

        var ours = QrEncoder.Encode(url);
        Assert.NotNull(ours);
        if (theirs.Length < ours.Length)
        {
            // Just past a version's capacity in bytes QRCoder may fit the smaller version by coding a run of capitals
            // and digits alphanumerically; this encoder keeps to byte mode and takes the next version, still valid.
            Assert.Equal(theirs.Length + 4, ours.Length);
            return;
        }

        Assert.Contains(Enumerable.Range(0, 8), mask => Same(QrEncoder.Encode(url, mask)!, theirs));
    }

    private static bool Same(bool[][] ours, bool[][] theirs) =>
        ours.Length == theirs.Length && ours.Zip(theirs).All(rows => rows.First.SequenceEqual(rows.Second));

    [Theory]
    [InlineData(21)]
    [InlineData(33)]
    [InlineData(41)]
    [InlineData(57)]
    public void The_penalty_on_bit_masks_is_the_standard_s_counted_module_by_module(int size)
    {
        var random = new Random(size);
        for (var round = 0; round < 200; round++)
        {
            // Random symbols, some with long runs and blocks (a biased coin), some with finder-like patterns planted.
            var bias = random.NextDouble();
            var modules = new byte[size * size];
            for (var i = 0; i < modules.Length; i++)
            {
                modules[i] = (byte)(random.NextDouble() < bias ? 1 : 0);
            }

            for (var planted = random.Next(4); planted > 0; planted--)
            {
                var (line, start, across) = (random.Next(size), random.Next(size - 10), random.Next(2) == 0);
                var pattern = random.Next(2) == 0 ? "00001011101" : "10111010000";
                for (var k = 0; k < 11; k++)
                {
                    modules[across ? (line * size) + start + k : ((start + k) * size) + line] = (byte)(pattern[k] - '0');
                }
            }

            Assert.Equal(ReferencePenalty(modules, size), QrEncoder.Penalty(modules, size));
        }
    }

    /// <summary>The penalty as the standard states it, one module at a time (the encoder's first version).</summary>
    private static int ReferencePenalty(byte[] modules, int size)
    {
        var penalty = 0;
        for (var pass = 0; pass < 2; pass++)
        {
            // pass 0: rows (step 1 along a line, lines size apart); pass 1: columns.
            var step = pass == 0 ? 1 : size;
            var lineStep = pass == 0 ? size : 1;
            for (var a = 0; a < size; a++)
            {
                var index = a * lineStep;
                var run = 0;
                var previous = -1;
                var pattern = 0; // the last 11 modules of the line as bits (patterns wholly inside the symbol, as QRCoder counts them)
                for (var b = 0; b < size; b++, index += step)
                {
                    var dark = modules[index] & 1;
                    if (dark == previous)
                    {
                        run++;
                    }
                    else
                    {
                        penalty += run >= 5 ? run - 2 : 0;
                        run = 1;
                        previous = dark;
                    }

                    pattern = ((pattern << 1) | dark) & 0x7FF;
                    if (b >= 10 && (pattern == 0b00001011101 || pattern == 0b10111010000))
                    {
                        penalty += 40;
                    }
                }

                penalty += run >= 5 ? run - 2 : 0;
            }
        }

        var darkCount = 0;
        for (var y = 0; y < size; y++)
        {
            var row = y * size;
            for (var x = 0; x < size; x++)
            {
                var dark = modules[row + x] & 1;
                darkCount += dark;
                if (x < size - 1 && y < size - 1)
                {
                    var below = row + size + x;
                    if (dark == (modules[row + x + 1] & 1) && dark == (modules[below] & 1) && dark == (modules[below + 1] & 1))
                    {
                        penalty += 3;
                    }
                }
            }
        }

        var total = size * size;
        penalty += Math.Abs((darkCount * 20) - (total * 10)) / total * 10;
        return penalty;
    }

    [Fact]
    public void Text_beyond_version_10_or_outside_ascii_is_left_to_qrcoder()
    {
        Assert.Null(QrEncoder.Encode(new string('a', 214)));
        Assert.Null(QrEncoder.Encode("https://portal.example.jp/ログイン"));
    }
}
