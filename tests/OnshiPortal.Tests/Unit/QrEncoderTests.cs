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

    [Fact]
    public void Text_beyond_version_10_or_outside_ascii_is_left_to_qrcoder()
    {
        Assert.Null(QrEncoder.Encode(new string('a', 214)));
        Assert.Null(QrEncoder.Encode("https://portal.example.jp/ログイン"));
    }
}
