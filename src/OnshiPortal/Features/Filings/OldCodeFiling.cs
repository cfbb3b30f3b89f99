namespace OnshiPortal.Features.Filings;

/// <summary>
/// A filing made under the code the account had before an accepted succession moved it. It can no longer be corrected
/// (it is the old institution's), so a returned one must not invite a re-submission it cannot have: this says why
/// and what to do instead, on マイページ and on the filing's own page.
/// </summary>
public static class OldCodeFiling
{
    public static bool Applies(Filing filing, string? currentCode) =>
        currentCode is not null && filing.InstitutionCode != currentCode;

    public static string ReturnedExplanation(Filing filing, string currentCode) =>
        $"この届出は承継前の医療機関等コード（{filing.InstitutionCode}）で提出したものです。承継届出の受理によりアカウントは新しいコード（{currentCode}）に移ったため、この届出は修正・再提出できません。必要な場合は、新しいコードで改めて届け出てください。";

    /// <summary>Where the filing of the same type starts for the account's current code.</summary>
    public static string NewFilingUrl(Filing filing) => $"/mypage/{filing.Type.Slug()}";
}
