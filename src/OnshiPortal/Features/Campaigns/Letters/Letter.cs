using OnshiPortal.Features.CallCentre;

namespace OnshiPortal.Features.Campaigns.Letters;

/// <summary>Which enclosure of the 2023-02-03 mailing a letter follows.</summary>
public enum LetterKind
{
    /// <summary>別添1: no account yet; the letter carries a temporary e-mail (login ID) and password.</summary>
    Unregistered = 1,

    /// <summary>別添2: a new institution, or one whose old code had an account: register or file a succession.</summary>
    NewOrSuccession = 2,
}

/// <summary>One direct-mail letter: what the front and back of its sheet print.</summary>
public sealed record Letter
{
    /// <summary>Seven digits, no hyphen.</summary>
    public required string PostalCode { get; init; }

    public required string Address { get; init; }

    public required string InstitutionName { get; init; }

    /// <summary>医療機関等コード (10 digits), printed as a reference for the call centre.</summary>
    public required string InstitutionCode { get; init; }

    /// <summary>The date of the letter, printed in 和暦.</summary>
    public required DateOnly LetterDate { get; init; }

    /// <summary>The date by which the institution should register (the seed: 令和5年3月31日).</summary>
    public required DateOnly Deadline { get; init; }

    /// <summary>
    /// The cut-off of the selection: the letter tells institutions without an account as of this date that it is
    /// meant for them (the seed: 令和5年1月15日).
    /// </summary>
    public required DateOnly CutoffDate { get; init; }

    public required LetterKind Kind { get; init; }

    /// <summary>The call centre's number and hours, as the site's footer gives them (the same setting).</summary>
    public required CallCentreContact CallCentre { get; init; }

    /// <summary>The campaign's sentences that name the law's dates (施行, 経過措置).</summary>
    public required LetterSentences Sentences { get; init; }

    /// <summary>仮メールアドレス (別添1 only).</summary>
    public string? LoginId { get; init; }

    /// <summary>仮パスワード (別添1 only). Printed on paper, never put in the QR code or a URL.</summary>
    public string? TemporaryPassword { get; init; }

    /// <summary>The login page with the login ID filled in: the QR code and the printed URL.</summary>
    public required string PortalLoginUrl { get; init; }
}
