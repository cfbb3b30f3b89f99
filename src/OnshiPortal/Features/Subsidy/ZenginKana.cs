using System.Globalization;
using System.Text;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy;

/// <summary>
/// Turns an account holder's name (口座名義) into what banks accept in the 全銀 format: half-width カナ (ｱ–ﾝ with ﾞ
/// and ﾟ as characters of their own), A–Z, 0–9, the space and the symbols <c>( ) - . / , \ ｢ ｣</c> (the 全銀協's
/// 受取人名 set; <c>\</c> is the byte the bank prints as ¥). Conversions, as banks do them:
/// <list type="bullet">
/// <item>full-width to half-width, hiragana to katakana, a–z to A–Z;</item>
/// <item>small kana to large (ｧ→ｱ, ｯ→ﾂ, ｬ→ﾔ, ヵ→ｶ): the 全銀 set has no small kana, and a bank's ledger stores
/// キヨウコ for キョウコ;</item>
/// <item>ー and the other dashes to <c>-</c>; ヲ, ヰ, ヱ to ｵ, ｲ, ｴ (the 全銀 set has none of them); ¥ and ￥ to <c>\</c>;</item>
/// <item>runs of spaces (full- or half-width) to one, none at either end;</item>
/// <item>the 法人略語 (株式会社 → ｶ, 医療法人社団 → ｲ, 社会福祉法人 → ﾌｸ, …), written in kanji or in katakana
/// (カブシキガイシャ), placed by the rule banks use: at the start <c>ｶ)…</c>, at the end <c>…(ｶ</c>, in the middle
/// <c>…(ｶ)…</c>, with no space next to the abbreviation.</item>
/// </list>
/// Anything else (a kanji, 中黒 ・, &amp;, an emoji) is refused with its position, since a guess (・ → . or a space?)
/// would send a name that is not the account's: the person reads the passbook and types it. So is a result longer
/// than the 30 half-width characters of the record's 受取人名.
/// </summary>
public static class ZenginKana
{
    /// <summary>The 受取人名 field of the 総合振込 data record: 30 half-width characters.</summary>
    public const int MaxLength = 30;

    /// <summary>Every character the 全銀 text fields take, as .NET holds them (each one byte in Shift_JIS).</summary>
    public const string Allowed =
        "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ" +
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ()-./,\\｢｣";

    private const string FullKana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンヲヰヱ";
    private const string HalfKana = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝｵｲｴ";
    private const string Voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
    private const string VoicedBase = "ｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾊﾋﾌﾍﾎ";
    private const string SemiVoiced = "パピプペポ";
    private const string SemiVoicedBase = "ﾊﾋﾌﾍﾎ";
    private const string Small = "ァィゥェォッャュョヮヵヶ";
    private const string Large = "アイウエオツヤユヨワカケ";
    private const string Dashes = "ー‐‑‒–—―−";

    /// <summary>
    /// The 法人略語 of the 全銀協's table, longest names first (医療法人社団 before 医療法人), each in kanji and in its
    /// katakana reading after the small-to-large conversion (カブシキガイシヤ). A name may hold only the readings a
    /// bank prints; the kanji forms are also what lets 株式会社 through the check that refuses kanji.
    /// </summary>
    private static readonly (string Name, string Abbreviation)[] Corporations = Build(
        ("株式会社", "カ", ["カブシキガイシヤ", "カブシキカイシヤ", "(株)"]),
        ("有限会社", "ユ", ["ユウゲンガイシヤ", "ユウゲンカイシヤ", "(有)"]),
        ("合名会社", "メ", ["ゴウメイガイシヤ", "(名)"]),
        ("合資会社", "シ", ["ゴウシガイシヤ", "(資)"]),
        ("合同会社", "ド", ["ゴウドウガイシヤ", "(同)"]),
        ("相互会社", "ソ", ["ソウゴガイシヤ"]),
        ("医療法人社団", "イ", ["イリヨウホウジンシヤダン"]),
        ("医療法人財団", "イ", ["イリヨウホウジンザイダン"]),
        ("社会医療法人", "イ", ["シヤカイイリヨウホウジン"]),
        ("医療法人", "イ", ["イリヨウホウジン", "(医)"]),
        ("一般財団法人", "ザイ", ["イツパンザイダンホウジン"]),
        ("公益財団法人", "ザイ", ["コウエキザイダンホウジン"]),
        ("財団法人", "ザイ", ["ザイダンホウジン", "(財)"]),
        ("一般社団法人", "シヤ", ["イツパンシヤダンホウジン"]),
        ("公益社団法人", "シヤ", ["コウエキシヤダンホウジン"]),
        ("社団法人", "シヤ", ["シヤダンホウジン", "(社)"]),
        ("社会福祉法人", "フク", ["シヤカイフクシホウジン", "(福)"]),
        ("宗教法人", "シユウ", ["シユウキヨウホウジン"]),
        ("学校法人", "ガク", ["ガツコウホウジン", "(学)"]),
        ("特定非営利活動法人", "トクヒ", ["トクテイヒエイリカツドウホウジン"]),
        ("地方独立行政法人", "チドク", ["チホウドクリツギヨウセイホウジン"]),
        ("独立行政法人", "ドク", ["ドクリツギヨウセイホウジン"]),
        ("国立大学法人", "ダイ", ["コクリツダイガクホウジン"]),
        ("公立大学法人", "ダイ", ["コウリツダイガクホウジン"]),
        ("農事組合法人", "ノウ", ["ノウジクミアイホウジン"]),
        ("更生保護法人", "ホゴ", ["コウセイホゴホウジン"]),
        ("弁護士法人", "ベン", ["ベンゴシホウジン"]),
        ("司法書士法人", "シホウ", ["シホウシヨシホウジン"]),
        ("行政書士法人", "ギヨ", ["ギヨウセイシヨシホウジン"]),
        ("税理士法人", "ゼイ", ["ゼイリシホウジン"]),
        ("社会保険労務士法人", "ロウム", ["シヤカイホケンロウムシホウジン"]),
        ("管理組合法人", "カンリ", ["カンリクミアイホウジン"]),
        // What a person may type for a name the conversion turns into one above (（株）, ㈱ → (株)): listed so that the
        // check for characters that cannot be sent lets their kanji through.
        ("（株）", "カ", ["㈱"]),
        ("（有）", "ユ", ["㈲"]),
        ("（名）", "メ", ["㈴"]),
        ("（資）", "シ", ["㈾"]),
        ("（同）", "ド", []),
        ("（医）", "イ", []),
        ("（財）", "ザイ", ["㈶"]),
        ("（社）", "シヤ", ["㈳"]),
        ("（福）", "フク", []),
        ("（学）", "ガク", ["㈻"]));

    /// <summary>The name as a bank takes it (<see cref="MaxLength"/> characters at most), or null and why not.</summary>
    public static string? Normalize(string? input, out string? error) =>
        Normalize(input, MaxLength, Ui.Text("口座名義"), out error);

    /// <summary>
    /// Any 全銀 text field (a payer's 40-character name, a 15-character bank name): null and why, naming the field
    /// by <paramref name="label"/>, when a character cannot be sent or the result is longer than <paramref name="maxLength"/>.
    /// </summary>
    public static string? Normalize(string? input, int maxLength, string label, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(input))
        {
            error = Ui.Text("{0}を入力してください。", label);
            return null;
        }

        var refused = Refused(input);
        if (refused.Count > 0)
        {
            var list = string.Join(Ui.Text("、"), refused.Select(r => Ui.Text("{0}文字目「{1}」", r.Position, r.Character)));
            error = Ui.Text("{0}に振込で使えない文字があります: {1}。カナ、英大文字、数字、空白と記号 ( ) - . / , で通帳のとおりに入力してください。", label, list);
            return null;
        }

        var value = Abbreviate(Wide(input));
        var half = Half(value);
        if (half.Length > maxLength)
        {
            error = Ui.Text("{0}は半角{1}文字以内にしてください（変換すると{2}文字になります: {3}）。", label, maxLength, half.Length, half);
            return null;
        }

        return half;
    }

    /// <summary>Whether every character is one the 全銀 text fields take (a check before a record is written).</summary>
    public static bool IsSendable(string text) => text.All(c => Allowed.Contains(c, StringComparison.Ordinal));

    /// <summary>
    /// The characters that cannot be sent, with their 1-based position in what the person typed (a character outside
    /// the BMP counts once). Each is checked on its own through the same conversion as the whole; the kanji of a
    /// 法人略語 are skipped, since they turn into カナ.
    /// </summary>
    private static List<(int Position, string Character)> Refused(string input)
    {
        var covered = new bool[input.Length];
        foreach (var (name, _) in Corporations)
        {
            if (name.All(c => c < 0x3000 || (c >= 0x30A0 && c <= 0x30FF)))
            {
                continue; // a katakana or ASCII reading passes the check by itself
            }

            for (var at = input.IndexOf(name, StringComparison.Ordinal); at >= 0; at = input.IndexOf(name, at + 1, StringComparison.Ordinal))
            {
                Array.Fill(covered, true, at, name.Length);
            }
        }

        var refused = new List<(int, string)>();
        var position = 0;
        var index = 0;
        foreach (var rune in input.EnumerateRunes())
        {
            position++;
            var text = rune.ToString();
            if (!covered[index] && !IsSendable(Half(Wide(text))))
            {
                refused.Add((position, text));
            }

            index += rune.Utf16SequenceLength;
        }

        return refused;
    }

    /// <summary>
    /// The full-width, large-kana katakana form the abbreviations are matched in: NFKC (half-width kana joined with
    /// their marks, full-width latin and digits to ASCII, ㈱ to (株)), then hiragana to katakana, small to large,
    /// dashes to -, a–z to A–Z, ¥ to \, spaces to one.
    /// </summary>
    private static string Wide(string input)
    {
        // The spacing marks ゛゜ become combining ones first, which NFKC joins with the kana before them (NFKC would
        // otherwise put a space in front of each).
        var text = input.Replace('\u309B', '\u3099').Replace('\u309C', '\u309A').Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var d = c;
            if (d is >= '\u3041' and <= '\u3096')
            {
                d = (char)(d + 0x60); // hiragana → katakana (ゔ → ヴ, ゕ → ヵ)
            }

            var small = Small.IndexOf(d, StringComparison.Ordinal);
            if (small >= 0)
            {
                d = Large[small];
            }

            if (Dashes.Contains(d, StringComparison.Ordinal))
            {
                d = '-';
            }
            else if (d is >= 'a' and <= 'z')
            {
                d = char.ToUpperInvariant(d);
            }
            else if (d == '¥')
            {
                d = '\\';
            }
            else if (char.IsWhiteSpace(d))
            {
                d = ' ';
            }

            if (d == ' ' && (builder.Length == 0 || builder[^1] == ' '))
            {
                continue;
            }

            builder.Append(d);
        }

        return builder.ToString().TrimEnd(' ');
    }

    /// <summary>The 法人略語 in place of the names, by their position (start ｶ), end (ｶ, middle (ｶ)).</summary>
    private static string Abbreviate(string text)
    {
        var builder = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var match = Corporations.FirstOrDefault(c => string.CompareOrdinal(text, i, c.Name, 0, c.Name.Length) == 0);
            if (match.Name is null)
            {
                builder.Append(text[i]);
                i++;
                continue;
            }

            var end = i + match.Name.Length;
            var atStart = builder.ToString().Trim().Length == 0;
            var atEnd = text[end..].Trim().Length == 0;
            TrimEnd(builder);
            if (atStart)
            {
                builder.Clear().Append(match.Abbreviation).Append(')');
            }
            else if (atEnd)
            {
                builder.Append('(').Append(match.Abbreviation);
            }
            else
            {
                builder.Append('(').Append(match.Abbreviation).Append(')');
            }

            i = end;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }
        }

        return builder.ToString();
    }

    private static void TrimEnd(StringBuilder builder)
    {
        while (builder.Length > 0 && builder[^1] == ' ')
        {
            builder.Length--;
        }
    }

    /// <summary>Full-width katakana and symbols to their half-width forms; what has none is left as it is (and refused).</summary>
    private static string Half(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            int at;
            if ((at = FullKana.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                builder.Append(HalfKana[at]);
            }
            else if ((at = Voiced.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                builder.Append(VoicedBase[at]).Append('ﾞ');
            }
            else if ((at = SemiVoiced.IndexOf(c, StringComparison.Ordinal)) >= 0)
            {
                builder.Append(SemiVoicedBase[at]).Append('ﾟ');
            }
            else
            {
                builder.Append(c switch
                {
                    'ヴ' => "ｳﾞ",
                    '\u3099' => "ﾞ",
                    '\u309A' => "ﾟ",
                    '「' => "｢",
                    '」' => "｣",
                    _ => c.ToString(),
                });
            }
        }

        return builder.ToString();
    }

    private static (string Name, string Abbreviation)[] Build(params (string Kanji, string Abbreviation, string[] Readings)[] rows) =>
        rows.SelectMany(r => r.Readings.Prepend(r.Kanji).Select(name => (Name: name, r.Abbreviation)))
            .OrderByDescending(r => r.Name.Length)
            .ToArray();
}
