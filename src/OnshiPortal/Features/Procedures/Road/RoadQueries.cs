using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures.CardReaders;
using OnshiPortal.Features.Procedures.ServiceApplications;
using OnshiPortal.Features.Registration;
using OnshiPortal.Features.Subsidy.Claims;
using OnshiPortal.Features.Subsidy.Payments;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Procedures.Road;

/// <summary>
/// 手続きの状況: the whole road of one institution, account → 利用申請 → カードリーダー → 電子証明書 → 運用開始日 → 補助金, then
/// 経過措置 and 承継, each with its state and what to do next. The same list on マイページ and on the call centre's
/// institution page. What a succession brought from an earlier code counts (<see cref="FilingQueries.CodesOfAsync"/>).
/// </summary>
public sealed class RoadQueries(PortalDbContext db, FilingQueries queries, FilingService filings, IOptions<FilingOptions> filingOptions, IOptions<ClaimOptions> claimOptions, TimeProvider clock)
{
    public async Task<IReadOnlyList<RoadStep>> OfAsync(string code, InstitutionAccess? access, CancellationToken cancellationToken = default)
    {
        var all = await queries.OfInstitutionAsync(code, cancellationToken);
        var now = clock.GetUtcNow();
        var context = await filings.ContextAsync(code, null, null, now, access, cancellationToken);
        Filing? Latest(FilingType type) => all.Where(f => f.Type == type && f.State != FilingState.Withdrawn).OrderByDescending(f => f.SubmittedAt).ThenByDescending(f => f.Id).FirstOrDefault();

        var application = all.Where(f => f.Type == FilingType.ServiceApplication && f.State == FilingState.Accepted).OrderByDescending(f => f.UpdatedAt).FirstOrDefault();
        var plannedMonth = application is null ? (DateOnly?)null : PlannedMonth(application);
        var steps = new List<RoadStep> { await AccountAsync(code, cancellationToken) };
        steps.Add(ServiceApplicationStep(Latest(FilingType.ServiceApplication), application));
        steps.Add(await CardReaderStepAsync(context, all, plannedMonth, cancellationToken));
        steps.Add(CertificateStep(code, all, application, plannedMonth));
        steps.Add(OperationStartStep(Latest(FilingType.OperationStart), application, plannedMonth));
        steps.Add(await SubsidyStepAsync(Latest(FilingType.SubsidyClaim), all.Any(f => f.Type == FilingType.OperationStart && f.State == FilingState.Accepted), now, cancellationToken));
        steps.Add(DeferralStep(Latest(FilingType.Deferral), now));
        steps.Add(SuccessionStep(Latest(FilingType.Succession)));
        return access is null ? steps : steps.Where(s => s.Procedure is not { } type || access.MaySee(type)).ToList();
    }

    private async Task<RoadStep> AccountAsync(string code, CancellationToken cancellationToken)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.AccountOf == code).Select(u => new { u.CreatedAt }).FirstOrDefaultAsync(cancellationToken);
        if (await PendingRegistrations.IsInstitutionPendingAsync(db, code, cancellationToken))
        {
            return new RoadStep("アカウント登録", RoadProgress.ActionNeeded, "確認待ち", account?.CreatedAt, null,
                "アカウントの確認が済んでいません。郵送された仮ID・仮パスワードで確認してください。", Link: "/mypage", LinkText: "確認の方法を見る");
        }

        return account is null
            ? new RoadStep("アカウント登録", RoadProgress.ToDo, "未登録", null, null, "アカウントを登録してください。")
            : new RoadStep("アカウント登録", RoadProgress.Done, "登録済み", account.CreatedAt, null, "完了しています。");
    }

    private static RoadStep ServiceApplicationStep(Filing? latest, Filing? accepted)
    {
        var procedure = ProcedureCatalog.Of(FilingType.ServiceApplication);
        if (latest is not null && latest.State.IsOpen())
        {
            return Open(procedure, latest);
        }

        return accepted is null
            ? new RoadStep(procedure.Name, RoadProgress.ToDo, "未申請", null, null, "利用申請をしてください。受理されると、電子証明書の申請と運用開始日の登録ができます。", Link: procedure.FormPath, LinkText: "利用申請をする", Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.Done, "受理", accepted.UpdatedAt, accepted.ReceiptNumber,
                "受理されました（端末{0}台）。マスタアカウント通知をマイページからダウンロードしてください。端末を増やすときは、新しい利用申請をしてください。",
                Link: procedure.FormPath, LinkText: "新しい利用申請をする", NextArguments: [accepted.Quantity ?? 0], Procedure: procedure.Type);
    }

    private static async Task<RoadStep> CardReaderStepAsync(ProcedureContext context, List<Filing> all, DateOnly? plannedMonth, CancellationToken cancellationToken)
    {
        var procedure = ProcedureCatalog.Of(FilingType.CardReaderOrder);
        var orders = all.Where(f => f.Type == FilingType.CardReaderOrder && f.State != FilingState.Withdrawn).OrderByDescending(f => f.SubmittedAt).ToList();
        var allowance = await CardReaderOrder.AllowanceAsync(context, cancellationToken);
        var by = plannedMonth?.AddDays(-1);
        if (orders.FirstOrDefault(f => f.State.IsOpen()) is { } open)
        {
            return Open(procedure, open);
        }

        if (orders.FirstOrDefault(f => f.State == FilingState.Shipped) is { } shipped)
        {
            return new RoadStep(procedure.Name, RoadProgress.ActionNeeded, "発送済", shipped.UpdatedAt, shipped.ReceiptNumber,
                "カードリーダー（{0}台）を発送しました。届いたら、到着を確認してください。", Link: $"/mypage/filings/{shipped.ReceiptNumber}", LinkText: "到着を確認する", NextArguments: [shipped.Quantity ?? 0], Procedure: procedure.Type);
        }

        if (orders.FirstOrDefault(f => f.State == FilingState.Accepted) is { } accepted)
        {
            return new RoadStep(procedure.Name, RoadProgress.InProgress, "受理", accepted.UpdatedAt, accepted.ReceiptNumber, "受理しました。発送までお待ちください。", Procedure: procedure.Type);
        }

        if (orders.Count == 0)
        {
            return new RoadStep(procedure.Name, RoadProgress.ToDo, "未申込", null, null, "カードリーダーを申し込んでください（{0}は{1}台まで無償）。", by, procedure.FormPath, "カードリーダーを申し込む", [allowance.Class.Japanese(), allowance.Limit], procedure.Type);
        }

        var last = orders[0];
        return allowance.Left > 0
            ? new RoadStep(procedure.Name, RoadProgress.Done, FilingState.Delivered.Japanese(), last.UpdatedAt, last.ReceiptNumber, "到着を確認しました。あと{0}台まで追加で申し込めます。", Link: procedure.FormPath, LinkText: "追加で申し込む", NextArguments: [allowance.Left], Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.Done, FilingState.Delivered.Japanese(), last.UpdatedAt, last.ReceiptNumber, "完了しています（{0}台）。", NextArguments: [allowance.Ordered], Procedure: procedure.Type);
    }

    private static RoadStep CertificateStep(string code, List<Filing> all, Filing? application, DateOnly? plannedMonth)
    {
        var procedure = ProcedureCatalog.Of(FilingType.CertificateRequest);
        if (application is null)
        {
            return new RoadStep(procedure.Name, RoadProgress.Waiting, "未申請", null, null, "利用申請が受理された後に申請できます。", Procedure: procedure.Type);
        }

        // A certificate is bound to its code: those of a code before a succession do not count.
        var requests = all.Where(f => f.Type == FilingType.CertificateRequest && f.InstitutionCode == code && f.State != FilingState.Withdrawn).ToList();
        var terminals = application.Quantity ?? 0;
        var issued = requests.Count(f => f.State == FilingState.Issued);
        var latest = requests.OrderByDescending(f => f.UpdatedAt).FirstOrDefault();
        if (requests.FirstOrDefault(f => f.State == FilingState.Returned) is { } returned)
        {
            return Open(procedure, returned);
        }

        if (issued >= terminals)
        {
            return new RoadStep(procedure.Name, RoadProgress.Done, "発行済", latest?.UpdatedAt, latest?.ReceiptNumber, "端末{0}台すべての電子証明書を発行しました。", NextArguments: [terminals], Procedure: procedure.Type);
        }

        var missing = Enumerable.Range(1, terminals).Except(requests.Where(f => f.Quantity is not null).Select(f => f.Quantity!.Value)).ToList();
        return missing.Count > 0
            ? new RoadStep(procedure.Name, requests.Count == 0 ? RoadProgress.ToDo : RoadProgress.InProgress, Ui(issued, terminals), latest?.UpdatedAt, latest?.ReceiptNumber,
                "端末{0}の電子証明書を申請してください。", plannedMonth?.AddDays(-1), procedure.FormPath, "電子証明書を申請する", [string.Join("、", missing)], procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.InProgress, Ui(issued, terminals), latest?.UpdatedAt, latest?.ReceiptNumber, "すべての端末を申請済みです。発行をお待ちください（発行通知は郵送します）。", Procedure: procedure.Type);

        static string Ui(int issued, int terminals) => Infrastructure.Localization.Ui.Text("{0}台中{1}台発行済", terminals, issued);
    }

    private static RoadStep OperationStartStep(Filing? latest, Filing? application, DateOnly? plannedMonth)
    {
        var procedure = ProcedureCatalog.Of(FilingType.OperationStart);
        if (latest is not null && latest.State.IsOpen())
        {
            return Open(procedure, latest);
        }

        if (latest is { State: FilingState.Accepted, EffectiveOn: { } start })
        {
            return new RoadStep(procedure.Name, RoadProgress.Done, "登録済み", latest.UpdatedAt, latest.ReceiptNumber, "運用開始日は{0}です。", NextArguments: [Wareki.Date(start)], Procedure: procedure.Type);
        }

        return application is null
            ? new RoadStep(procedure.Name, RoadProgress.Waiting, "未登録", null, null, "利用申請が受理された後に登録できます。", Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.ToDo, "未登録", null, null, "運用を開始したら、運用開始日を登録してください（補助金の申請に必要です）。",
                plannedMonth is { } month ? month.AddMonths(1).AddDays(-1) : null, procedure.FormPath, "運用開始日を登録する", Procedure: procedure.Type);
    }

    /// <summary>
    /// 補助金: after the 運用開始日, the claim within its application period; once accepted, the money: waiting for the
    /// month's close, 支払予定日, 支払済, or a transfer the bank returned (the claim is then 差戻し: correct the account).
    /// </summary>
    private async Task<RoadStep> SubsidyStepAsync(Filing? latest, bool started, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var procedure = ProcedureCatalog.Of(FilingType.SubsidyClaim);
        if (latest is not null && latest.State.IsOpen())
        {
            return Open(procedure, latest);
        }

        if (latest is { State: FilingState.Refused })
        {
            return new RoadStep(procedure.Name, RoadProgress.Done, "不交付", latest.UpdatedAt, latest.ReceiptNumber, "補助金は交付されないことになりました。理由は申請の画面でご確認ください。", Procedure: procedure.Type);
        }

        if (latest is { State: FilingState.Accepted })
        {
            var amount = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{latest.Amount ?? 0:N0}");
            return await ClaimPayment.OfAsync(db, latest.Id, cancellationToken) switch
            {
                { State: PaymentState.Paid } paid => new RoadStep(procedure.Name, RoadProgress.Done, "支払済", latest.UpdatedAt, latest.ReceiptNumber, "補助金{0}円を{1}に振り込みました。", NextArguments: [amount, Wareki.Date(paid.TransferDate)], Procedure: procedure.Type),
                { State: PaymentState.Scheduled } scheduled => new RoadStep(procedure.Name, RoadProgress.InProgress, "支払予定", latest.UpdatedAt, latest.ReceiptNumber, "補助金{0}円を振り込む予定です。", scheduled.TransferDate, NextArguments: [amount], Procedure: procedure.Type),
                _ => new RoadStep(procedure.Name, RoadProgress.InProgress, "受理", latest.UpdatedAt, latest.ReceiptNumber, "交付額は{0}円です。月末の締めの後、支払予定日をお知らせします。", NextArguments: [amount], Procedure: procedure.Type),
            };
        }

        var period = claimOptions.Value;
        var today = JapanTime.DayOf(now);
        if (!started)
        {
            return new RoadStep(procedure.Name, RoadProgress.Waiting, "未申請", null, null, "運用開始日の登録が受理された後に申請できます。", period.ClosesOn, Procedure: procedure.Type);
        }

        return period.Refusal(today) is { } closed
            ? new RoadStep(procedure.Name, period.ClosesOn < today ? RoadProgress.Optional : RoadProgress.Waiting, "未申請", null, null, closed, Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.ToDo, "未申請", null, null, "かかった費用の領収書をご用意のうえ、補助金を申請してください。", period.ClosesOn, procedure.FormPath, "補助金を申請する", Procedure: procedure.Type);
    }

    private RoadStep DeferralStep(Filing? latest, DateTimeOffset now)
    {
        var procedure = ProcedureCatalog.Of(FilingType.Deferral);
        var deadline = filingOptions.Value.Deferral.Deadline;
        if (latest is not null && latest.State.IsOpen())
        {
            return Open(procedure, latest);
        }

        if (latest is { State: FilingState.Accepted })
        {
            return new RoadStep(procedure.Name, RoadProgress.Done, "受理", latest.UpdatedAt, latest.ReceiptNumber, "経過措置の期限は{0}です。", NextArguments: [latest.DeferralEndsOn is { } end ? Wareki.Date(end) : "—"], Procedure: procedure.Type);
        }

        return JapanTime.DayOf(now) <= deadline
            ? new RoadStep(procedure.Name, RoadProgress.Optional, "届出なし", null, null, "やむを得ない事情で導入が間に合わない場合だけ届け出ます。", deadline, procedure.FormPath, "経過措置届出をする", Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.Optional, "届出なし", null, null, "届出の受付は{0}で終了しました。", NextArguments: [Wareki.Date(deadline)], Procedure: procedure.Type);
    }

    private static RoadStep SuccessionStep(Filing? latest)
    {
        var procedure = ProcedureCatalog.Of(FilingType.Succession);
        if (latest is not null && latest.State.IsOpen())
        {
            return Open(procedure, latest);
        }

        return latest is { State: FilingState.Accepted }
            ? new RoadStep(procedure.Name, RoadProgress.Done, "受理", latest.UpdatedAt, latest.ReceiptNumber, "旧コード{0}から新しいコード{1}に引き継ぎました。新しいコードの電子証明書を申請してください。", NextArguments: [latest.InstitutionCode, latest.SuccessorCode ?? string.Empty], Procedure: procedure.Type)
            : new RoadStep(procedure.Name, RoadProgress.Optional, "届出なし", null, null, "医療機関等コードが変わったときだけ届け出ます。", Link: procedure.FormPath, LinkText: "承継届出をする", Procedure: procedure.Type);
    }

    /// <summary>A filing waiting for the operator (受付) or for its correction (差戻し).</summary>
    private static RoadStep Open(Procedure procedure, Filing filing) => filing.State == FilingState.Returned
        ? new RoadStep(procedure.Name, RoadProgress.ActionNeeded, "差戻し", filing.UpdatedAt, filing.ReceiptNumber, "差し戻されました。理由を確認し、修正して再提出してください。", Link: $"/mypage/filings/{filing.ReceiptNumber}", LinkText: "差戻しの理由を見る", Procedure: procedure.Type)
        : new RoadStep(procedure.Name, RoadProgress.InProgress, "受付（審査中）", filing.SubmittedAt, filing.ReceiptNumber, "支払基金で審査しています。結果はメールでお知らせします。", Procedure: procedure.Type);

    /// <summary>運用開始予定月 of an accepted 利用申請 (its first day), from the entries.</summary>
    public static DateOnly? PlannedMonth(Filing application)
    {
        ArgumentNullException.ThrowIfNull(application);
        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(application.Entries);
            return values is not null && values.TryGetValue(ServiceApplicationFields.PlannedMonth, out var text) && ProcedureFields.TryParseMonth(text, out var month) ? month : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
