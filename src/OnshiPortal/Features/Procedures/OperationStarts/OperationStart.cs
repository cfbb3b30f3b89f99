using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Procedures.OperationStarts;

/// <summary>
/// 運用開始日の登録: the first day the institution uses the service, what the subsidy and the dashboard count as
/// 運用開始. Only after the 利用申請 is accepted; not before that application was filed, and not more than a month
/// ahead (configuration). A later registration corrects the date; the latest accepted one counts.
/// </summary>
public sealed class OperationStart : Procedure
{
    public const string DateField = "startDate";

    public override FilingType Type => FilingType.OperationStart;

    public override string Prefix => "O";

    public override string Slug => "operation-start";

    public override string Name => "運用開始日の登録";

    public override string Title => "オンライン資格確認 運用開始日の登録";

    public override string EnglishName => "Start of operation";

    public override string EnglishTitle => "Registration of the date online eligibility verification started";

    public override string Description => "オンライン資格確認の運用を開始した日（または開始する日）を登録します。補助金の申請に必要です。";

    public override (int? Quantity, DateOnly? EffectiveOn) Columns(IReadOnlyDictionary<string, string> values) =>
        (null, values.TryGetValue(DateField, out var text) && ProcedureFields.TryParseDate(text, out var date) ? date : null);

    /// <summary>The institution's 運用開始 on the master row moves with the 受理 (<see cref="Road.RoadMilestones"/>).</summary>
    public override async Task<string?> AcceptedAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filing);
        await Road.RoadMilestones.RecomputeAsync(context.Db, [filing.InstitutionCode], cancellationToken);
        return null;
    }

    public override async Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await context.AcceptedServiceApplicationAsync(cancellationToken) is not { } application)
        {
            return "運用開始日の登録は、利用申請が受理された後にできます。";
        }

        if (context.EffectiveOn is not { } date)
        {
            return null;
        }

        var filedOn = JapanTime.DayOf(application.SubmittedAt);
        var months = context.Services.GetRequiredService<IOptions<ProcedureOptions>>().Value.OperationStartMonthsAhead;
        var latest = JapanTime.DayOf(context.Now).AddMonths(months);
        if (date < filedOn)
        {
            return Ui.Text("運用開始日は、利用申請の日（{0}）以降の日付を入力してください。", Wareki.Date(filedOn));
        }

        return date > latest ? Ui.Text("運用開始日は、{0}までの日付を入力してください（{1}か月より先の日付は登録できません）。", Wareki.Date(latest), months) : null;
    }
}
