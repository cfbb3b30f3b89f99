using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Procedures.Reminders;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy.Claims;

/// <summary>
/// 補助金の交付申請（実績報告）: after the 運用開始日 is registered and accepted, the institution enters what the
/// readers, terminals, network and system work cost, sees the subsidy computed line by line from the rules
/// (<see cref="SubsidyCalculation"/>, chosen by its 運用開始日), attaches the documents those costs require and the
/// account to pay into. One claim per institution: a returned one is corrected, not filed again, and 不交付 is final
/// (a withdrawn one may be filed again). On 受理 the amount
/// granted waits for the month's close (Payments).
/// </summary>
public sealed class SubsidyClaim : Procedure
{
    public override FilingType Type => FilingType.SubsidyClaim;

    public override string Prefix => "H";

    public override string Slug => "subsidy";

    public override string Name => "補助金申請";

    public override string Title => "医療情報化支援基金 補助金の交付申請（実績報告）";

    public override string EnglishName => "Subsidy claim";

    public override string EnglishTitle => "Claim for the subsidy of the Medical Information Technology Support Fund";

    public override string Description => "カードリーダー・資格確認端末・ネットワーク・システム改修などにかかった費用を入力し、補助金を申請します。運用開始日の登録が受理された後に申請できます。";

    public override async Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var started = await context.Db.Institutions.AsNoTracking().Where(i => context.Codes.Contains(i.Code) && i.OperationStartedOn != null)
            .Select(i => i.OperationStartedOn).FirstOrDefaultAsync(cancellationToken);
        if (started is null)
        {
            return "補助金の申請は、運用開始日の登録が受理された後にできます。";
        }

        // A returned claim may be corrected after the period: the institution filed in time.
        if (context.Correcting is null && context.Services.GetRequiredService<IOptions<ClaimOptions>>().Value.Refusal(JapanTime.DayOf(context.Now)) is { } closed)
        {
            return closed;
        }

        var earlier = await context.Db.Set<Filing>().AsNoTracking()
            .Where(f => context.Codes.Contains(f.InstitutionCode) && f.Type == FilingType.SubsidyClaim && f.Id != context.Correcting)
            .Where(f => f.State == FilingState.Submitted || f.State == FilingState.Returned || f.State == FilingState.Accepted || f.State == FilingState.Refused)
            .Select(f => f.ReceiptNumber).FirstOrDefaultAsync(cancellationToken);
        if (earlier is not null)
        {
            return Ui.Text("補助金の申請は1医療機関等につき1件です（受付番号 {0}）。差戻しのときは、その申請を修正してください。", earlier);
        }

        return context.Values.Count == 0 ? null : (await ComputeAsync(context, cancellationToken)).Refusal;
    }

    /// <summary>
    /// 申請期限のお知らせ: institutions whose 運用開始日 is accepted and that have no claim (a withdrawn one does not
    /// count) are reminded <see cref="ClaimOptions.RemindDaysBefore"/> days before the period closes; none without a close.
    /// </summary>
    public override DeadlineReminder? Reminder(IServiceProvider services)
    {
        var period = services.GetRequiredService<IOptions<ClaimOptions>>().Value;
        return period.ClosesOn is { } closes
            ? new DeadlineReminder(closes, period.RemindDaysBefore, db => db.Institutions.Where(i => i.OperationStartedOn != null
                && !db.Set<Filing>().Any(f => f.InstitutionCode == i.Code && f.Type == FilingType.SubsidyClaim && f.State != FilingState.Withdrawn)),
                "運用開始日の登録が受理されていますが、医療情報化支援基金の補助金の申請がまだ提出されていません。期限を過ぎると補助金を受け取れません。費用の領収書をご用意のうえ、申請してください。",
                period.OpensOn)
            : null;
    }

    /// <summary>The account's fields: the bank's digits and its カナ (<see cref="BankAccount"/>), kept as the file writes them.</summary>
    public override void Check(FieldCheck check)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (SubsidyClaimFields.AccountOf(check.Values, out var errors) is { } account)
        {
            check.Values[SubsidyClaimFields.BankCode] = account.BankCode;
            check.Values[SubsidyClaimFields.BranchCode] = account.BranchCode;
            check.Values[SubsidyClaimFields.DepositType] = account.DepositType.Japanese();
            check.Values[SubsidyClaimFields.AccountNumber] = account.AccountNumber;
            check.Values[SubsidyClaimFields.HolderName] = account.HolderName;
            return;
        }

        foreach (var (field, message) in errors)
        {
            check.Errors.TryAdd(field, message);
        }
    }

    public override async Task<ProcedureComputation> ComputeAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var institution = await context.Db.Institutions.AsNoTracking()
            .Where(i => i.Code == context.InstitutionCode)
            .Select(i => new { i.Kind, i.Beds, i.OperationStartedOn })
            .FirstOrDefaultAsync(cancellationToken);
        if (institution?.OperationStartedOn is not { } started)
        {
            return new ProcedureComputation([], null, "補助金の申請は、運用開始日の登録が受理された後にできます。", null);
        }

        var costs = Enum.GetValues<SubsidyItem>().ToDictionary(
            item => item,
            item => context.Values.TryGetValue(SubsidyClaimFields.CostOf(item), out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var yen) ? yen : 0L);
        var computation = context.Services.GetRequiredService<SubsidyCalculation>()
            .Calculate(InstitutionClasses.Of(institution.Kind, institution.Beds), institution.Beds, started, costs, out var refusal);
        if (computation is null)
        {
            return new ProcedureComputation([], null, refusal, null);
        }

        var lines = new List<FiledField> { new(Ui.Text("適用した規則"), computation.RuleSet.Name) };
        lines.AddRange(computation.Lines.Select(l => new FiledField(Ui.Text("補助額の計算（{0}）", l.Item.Shown()), l.Text)));
        lines.Add(new FiledField(Ui.Text("補助金の額"), computation.TotalText));
        var required = computation.Required.Select(DocumentId).ToHashSet(StringComparer.Ordinal);
        return new ProcedureComputation(lines, computation.Amount, null, required);
    }

    /// <summary>The form's document (its id in configuration) for a document of the rules.</summary>
    public static string DocumentId(SubsidyDocument document) => document switch
    {
        SubsidyDocument.Receipt => "receipt",
        SubsidyDocument.ReceiptBreakdown => "receiptBreakdown",
        _ => "completionReport",
    };
}
