using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>
/// The two sentences of a letter's body that name dates of the law: when the duty starts (施行) and the transitional
/// measure (経過措置). They belong to a campaign rather than to the letter's fixed text, because a mailing of 令和8年
/// that recites 「令和5年4月1日より施行されます」 or 「令和4年度末時点」 tells the clinic something no longer true.
/// The seed's 2023 sentences are the example the operator starts from. Markup: **bold**, as the letter's other text.
/// </summary>
public sealed record LetterSentences(string Enforcement, string Transition)
{
    /// <summary>Long enough for a sentence twice the seed's; short enough that a letter's front still fits one page.</summary>
    public const int MaxEnforcementLength = 200;

    /// <inheritdoc cref="MaxEnforcementLength"/>
    public const int MaxTransitionLength = 300;

    /// <summary>The sentences of the 2023-02-03 mailing (seed 000, 別添1 and 別添2).</summary>
    public static readonly LetterSentences Seed = new(
        "オンライン資格確認の導入を原則義務化とすることについては、保険医療機関及び保険医療養担当規則（いわゆる療担規則）等において規定されており、令和5年4月1日より施行されます。",
        "また、令和5年4月からオンライン資格確認の導入が原則義務付けられているところ、令和5年1月17日に療養担当規則等の一部を改正する省令が公布され、**令和4年度末時点でやむを得ない事情がある保険医療機関・薬局は届出を行うことにより、一定期間、導入の義務が猶予される経過措置が設けられることとなりました。**");

    /// <summary>
    /// As typed, without the line breaks a text area adds (the letter wraps the paragraph itself) and without
    /// spaces at the ends.
    /// </summary>
    public static string Clean(string? text) =>
        (text ?? string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal).Trim();

    /// <summary>What is wrong with a sentence, in Japanese, or null; <paramref name="label"/> names it.</summary>
    public static string? Problem(string text, string label, int maxLength) =>
        text.Length == 0 ? Ui.Text("{0}を入力してください。", Ui.Text(label))
        : text.Length > maxLength ? Ui.Text("{0}は{1}文字以内にしてください（いま{2}文字）。", Ui.Text(label), maxLength, text.Length)
        : CountBold(text) % 2 != 0 ? Ui.Text("{0}の太字の指定（**）が閉じていません。太字にする部分を ** と ** で囲んでください。", Ui.Text(label))
        : null;

    private static int CountBold(string text)
    {
        var count = 0;
        for (var at = text.IndexOf("**", StringComparison.Ordinal); at >= 0; at = text.IndexOf("**", at + 2, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
