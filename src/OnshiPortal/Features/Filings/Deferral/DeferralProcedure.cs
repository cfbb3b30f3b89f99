using Microsoft.Extensions.Options;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.Reminders;

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

    /// <summary>
    /// 期限のお知らせ: institutions that have not registered a 運用開始日 and have not filed a deferral (a withdrawn one
    /// does not count) are reminded <see cref="DeferralOptions.RemindDaysBefore"/> days before the filing closes.
    /// </summary>
    public override DeadlineReminder? Reminder(IServiceProvider services)
    {
        var deferral = services.GetRequiredService<IOptions<FilingOptions>>().Value.Deferral;
        return new DeadlineReminder(deferral.Deadline, deferral.RemindDaysBefore, db => db.Institutions.Where(i => i.OperationStartedOn == null
            && !db.Set<Filing>().Any(f => f.InstitutionCode == i.Code && f.Type == FilingType.Deferral && f.State != FilingState.Withdrawn)),
            "オンライン資格確認の運用開始日がまだ登録されていません。期限までに導入が間に合わない場合は、やむを得ない事情の経過措置届出が必要です。運用を開始している場合は、運用開始日を登録してください。");
    }

    public override string Outcome(Filing filing) => filing?.DeferralEndsOn is { } end
        ? Infrastructure.Localization.Ui.Text(FilingMails.DeferralOutcome, Infrastructure.Wareki.Date(end))
        : string.Empty;
}
