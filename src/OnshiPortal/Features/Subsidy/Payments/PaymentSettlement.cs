using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>
/// 振込結果の登録: after the transfer date, the bank's list of what it could not pay (振込不能・組戻し; an empty list when
/// it paid everything) settles a batch. The returned payments give their claims back to 差戻し with the bank's reason
/// (the institution corrects its account and files again; a later close pays it), every other payment becomes 支払済.
/// All or nothing, once per batch: a list naming a payment of another batch, or a line the reader refuses, changes
/// nothing and says which line.
/// </summary>
public sealed class PaymentSettlement(PortalDbContext db, FilingService filings, AuditTrail audit, TimeProvider clock)
{
    /// <param name="returnList">The bank's list of returned transfers; null or empty when the bank paid every one.</param>
    public async Task<IReadOnlyList<string>> SettleAsync(long batchId, ReadOnlyMemory<byte>? returnList, string by, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<BankReturn> returns = [];
        if (returnList is { Length: > 0 } list)
        {
            if (BankReturnList.Read(list, out var readErrors) is not { } read)
            {
                return readErrors;
            }

            returns = read;
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var batch = await db.Set<PaymentBatch>().Include(b => b.Payments).FirstOrDefaultAsync(b => b.Id == batchId, cancellationToken);
            if (batch is null)
            {
                return [Ui.Text("支払バッチが見つかりません。")];
            }

            // Settled once: the conditional update is the claim on the batch, so two operators at once settle it once.
            var now = clock.GetUtcNow();
            var claimed = await db.Set<PaymentBatch>().Where(b => b.Id == batchId && b.SettledAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.SettledAt, now).SetProperty(b => b.SettledBy, by), cancellationToken);
            if (claimed == 0)
            {
                return [Ui.Text("支払バッチ {0} の振込結果は登録済みです。", batch.Name)];
            }

            var byCode = batch.Payments.ToDictionary(p => p.CustomerCode, StringComparer.Ordinal);
            var errors = new List<string>();
            foreach (var line in returns.GroupBy(r => r.CustomerCode).Where(g => g.Count() > 1).SelectMany(g => g.Skip(1)))
            {
                errors.Add(Ui.Text("{0}行目: 顧客コード {1} は前の行と重複しています。", line.Line, line.CustomerCode));
            }

            foreach (var line in returns.Where(r => !byCode.ContainsKey(r.CustomerCode)))
            {
                errors.Add(Ui.Text("{0}行目: 顧客コード {1} はこの支払バッチ（{2}）の振込ではありません。", line.Line, line.CustomerCode, batch.Name));
            }

            if (errors.Count > 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return errors;
            }

            var returned = returns.ToDictionary(r => r.CustomerCode, StringComparer.Ordinal);
            foreach (var payment in batch.Payments)
            {
                if (returned.TryGetValue(payment.CustomerCode, out var line))
                {
                    payment.State = PaymentState.Returned;
                    payment.PayKey = null;
                    payment.ReturnReason = line.Reason.Length > 200 ? line.Reason[..200] : line.Reason;
                    await db.SaveChangesAsync(cancellationToken);
                    var reason = Ui.Text("補助金を振り込めませんでした（金融機関の理由: {0}）。口座の内容を確認し、修正して再提出してください。", payment.ReturnReason);
                    if (await filings.ReturnPaymentAsync(payment.FilingId, by, reason, cancellationToken) is { } refusal)
                    {
                        await transaction.RollbackAsync(cancellationToken);
                        return [Ui.Text("{0}行目: {1}", line.Line, refusal)];
                    }
                }
                else
                {
                    payment.State = PaymentState.Paid;
                }
            }

            audit.Record("subsidy.batch-settled", by, null, new { batch = batch.Name, paid = batch.Payments.Count(p => p.State == PaymentState.Paid), returned = returns.Count });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return [];
        });
    }
}
