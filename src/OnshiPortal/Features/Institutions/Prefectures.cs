namespace OnshiPortal.Features.Institutions;

/// <summary>都道府県: <see cref="Code"/> is the JIS X 0401 number, which is also the 都道府県番号 of a 医療機関等コード.</summary>
public sealed record Prefecture(int Code, string Name);

public static class Prefectures
{
    /// <summary>The 47 prefectures in JIS X 0401 order; <c>All[code - 1]</c> is the prefecture with that code.</summary>
    public static IReadOnlyList<Prefecture> All { get; } =
    [
        new(1, "北海道"), new(2, "青森県"), new(3, "岩手県"), new(4, "宮城県"), new(5, "秋田県"),
        new(6, "山形県"), new(7, "福島県"), new(8, "茨城県"), new(9, "栃木県"), new(10, "群馬県"),
        new(11, "埼玉県"), new(12, "千葉県"), new(13, "東京都"), new(14, "神奈川県"), new(15, "新潟県"),
        new(16, "富山県"), new(17, "石川県"), new(18, "福井県"), new(19, "山梨県"), new(20, "長野県"),
        new(21, "岐阜県"), new(22, "静岡県"), new(23, "愛知県"), new(24, "三重県"), new(25, "滋賀県"),
        new(26, "京都府"), new(27, "大阪府"), new(28, "兵庫県"), new(29, "奈良県"), new(30, "和歌山県"),
        new(31, "鳥取県"), new(32, "島根県"), new(33, "岡山県"), new(34, "広島県"), new(35, "山口県"),
        new(36, "徳島県"), new(37, "香川県"), new(38, "愛媛県"), new(39, "高知県"), new(40, "福岡県"),
        new(41, "佐賀県"), new(42, "長崎県"), new(43, "熊本県"), new(44, "大分県"), new(45, "宮崎県"),
        new(46, "鹿児島県"), new(47, "沖縄県"),
    ];

    /// <summary>The name for a 都道府県番号 (1 to 47).</summary>
    public static string NameOf(int code) =>
        code is >= 1 and <= 47
            ? All[code - 1].Name
            : throw new ArgumentOutOfRangeException(nameof(code), code, "都道府県番号は01〜47です。");
}
