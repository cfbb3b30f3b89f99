using OnshiPortal.Features.Procedures;

namespace OnshiPortal.Features.Filings.Deferral;

/// <summary>経過措置届出: open until the configured deadline; its form (Deferral/Form) asks the category first.</summary>
public sealed class DeferralProcedure : Procedure
{
    public override FilingType Type => FilingType.Deferral;

    public override string Prefix => "D";

    public override string Slug => "deferral";

    public override string Name => "経過措置届出";

    public override string Title => "オンライン資格確認 経過措置（猶予）届出";

    public override string EnglishName => "Deferral filing";

    public override string EnglishTitle => "Deferral (transitional measure) filing for online eligibility verification";

    public override bool UsesEngineForm => false;

    public override string FormPath => "/mypage/deferral";

    public override string Outcome(Filing filing) => filing?.DeferralEndsOn is { } end
        ? Infrastructure.Localization.Ui.Text(FilingMails.DeferralOutcome, Infrastructure.Wareki.Date(end))
        : string.Empty;
}
