using FsCheck;
using FsCheck.Fluent;

namespace OnshiPortal.Tests.Fuzz;

/// <summary>
/// How many inputs each fuzz property tries: a few hundred in the normal suite, and as many as
/// <c>ONSHI_FUZZ_RUNS</c> says in the benchmark-style run (<c>bash bench/fuzz.sh</c>, 10,000 each; figures in
/// docs/security.md).
/// </summary>
public static class FuzzInputs
{
    public static int Runs => int.TryParse(Environment.GetEnvironmentVariable("ONSHI_FUZZ_RUNS"), out var n) && n > 0 ? n : 300;

    /// <summary>The HTTP fuzz posts cost a request each: a tenth of <see cref="Runs"/> (at least 30) per form.</summary>
    public static int Posts => Math.Max(30, Runs / 10);

    public static Config Config => Config.QuickThrowOnFailure.WithMaxTest(Runs).WithEndSize(200);

    /// <summary>
    /// Characters that break parsers: ASCII and its full-width forms, digits of other scripts, hyphens and dashes of
    /// every kind, kana and kanji, quotes, separators, line ends, control characters, a lone surrogate half, BOMs,
    /// zero-width and combining marks, and the characters spreadsheets read as formulas.
    /// </summary>
    private static readonly char[] Hostile =
    [
        .. "0123456789", .. "０１２３４５６７８９", .. "٠١٢٣٤٥٦٧٨٩", .. "abcXYZ@.", .. "-‐‑‒–—―−ー－ｰ",
        .. "アイウエオｱｲｳｴｵさくら内科医療法人〒", .. ",;\t\r\n\"'`\\/<>&=+%#*[]()!_~^|{}", .. "\0\u0001\u001f\u007f\u0085",
        '\ud800', '\udc00', '\ufeff', '\u200b', '\u200d', '\u0301', '\u3000', '\u00a0', .. "＝＋－＠",
    ];

    public static Gen<string> HostileText =>
        Gen.OneOf(
            Gen.Elements(Hostile).ArrayOf().Select(chars => new string(chars)),
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? string.Empty),
            Gen.Elements("=cmd|' /C calc'!A0", "javascript:alert(1)", "<script>alert(1)</script>", "0110113719", "０１１０１１３７１９",
                "011-011-3719", "\"\"", "%PDF-1.7", "a@b", new string('9', 5000)));

    public static Arbitrary<string> HostileTextArb => Arb.From(HostileText);

    /// <summary>Random bytes, and random bytes behind the signatures the portal knows.</summary>
    public static Gen<byte[]> Bytes =>
        Gen.OneOf(
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => b ?? []),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[])[.. "%PDF-"u8, .. b ?? []]),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[])[0xFF, 0xD8, 0xFF, .. b ?? []]),
            ArbMap.Default.GeneratorFor<byte[]>().Select(b => (byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. b ?? []]));

    /// <summary><paramref name="count"/> samples of a generator, for inputs that go through async code (HTTP).</summary>
    public static IReadOnlyList<T> Samples<T>(Gen<T> gen, int count) => gen.Sample(count, 60);
}
