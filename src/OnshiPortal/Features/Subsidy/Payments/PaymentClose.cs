using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Subsidy.Claims;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>What a close did: the batches it made (one, or more when the claims exceed a file's limit), or why it made none.</summary>
public sealed record CloseOutcome(IReadOnlyList<PaymentBatch> Batches, string? Refusal);

/// <summary>
/// 月次締め: every accepted claim of the month (受理 by its last day, Japan time) not yet paid goes into one new batch
/// with its 全銀 file, in one transaction. The close is made at the month's end; a month already begun may be closed
/// before it (an early payment run, or the demo on any day): what is accepted after such a close waits for the next
/// close of the same month. Exactly once: the payments' unique <see cref="SubsidyPayment.PayKey"/> makes
/// a claim paid once whatever runs at once, and a close killed halfway leaves nothing (its transaction rolls back), so
/// running it again does the whole close. A second close of the same month finds only what was accepted since.
/// </summary>
public sealed class PaymentClose(
    PortalDbContext db,
    IOptions<SubsidyOptions> subsidy,
    IOptions<PaymentOptions> payment,
    AuditTrail audit,
    ReceiptNumbers receipts,
    PrivateEntries privates,
    TimeProvider clock)
{
    /// <summary>The close's lock row in the receipt counters (<see cref="ReceiptNumbers.LockAsync(string, CancellationToken)"/>): two closes at once run one after the other.</summary>
    private const string LockKey = "PAY";

    public async Task<CloseOutcome> CloseAsync(DateOnly month, string by, CancellationToken cancellationToken = default)
    {
        month = new DateOnly(month.Year, month.Month, 1);
        var lastDay = month.AddMonths(1).AddDays(-1);
        if (JapanTime.Today(clock) < month)
        {
            return new([], Ui.Text("{0}はまだ始まっていないため、締められません。", Wareki.Month(month)));
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await receipts.LockAsync(LockKey, cancellationToken);
            var end = JapanTime.EndOf(lastDay);
            var claims = await db.Set<Filing>().AsNoTracking()
                .Where(f => f.Type == FilingType.SubsidyClaim && f.State == FilingState.Accepted && f.UpdatedAt < end && f.Amount > 0)
                .Where(f => !db.Set<SubsidyPayment>().Any(p => p.PayKey == f.Id))
                .OrderBy(f => f.Id)
                .ToListAsync(cancellationToken);
            if (claims.Count == 0)
            {
                return new CloseOutcome([], Ui.Text("{0}の末日までに受理された補助金申請で、まだ支払っていないものはありません。", Wareki.Month(month)));
            }

            // The accounts go into the database sealed (PrivateEntries); the file is written from these, in clear in memory only.
            var accounts = new Dictionary<SubsidyPayment, BankAccount>();
            var payments = new List<SubsidyPayment>();
            var faults = new List<string>();
            foreach (var claim in claims)
            {
                var values = privates.EntriesOf(claim);
                if (SubsidyClaimFields.AccountOf(values, out var errors) is not { } account)
                {
                    faults.Add($"{claim.ReceiptNumber}: {string.Join(" ", errors.Values)}");
                    continue;
                }

                var payment = new SubsidyPayment
                {
                    FilingId = claim.Id,
                    ReceiptNumber = claim.ReceiptNumber,
                    InstitutionCode = claim.InstitutionCode,
                    Amount = claim.Amount!.Value,
                    BankCode = account.BankCode,
                    BranchCode = account.BranchCode,
                    DepositType = account.DepositType,
                    AccountNumber = privates.Seal(account.AccountNumber),
                    HolderName = privates.Seal(account.HolderName),
                    PayKey = claim.Id,
                };
                payments.Add(payment);
                accounts[payment] = account;
            }

            if (faults.Count > 0)
            {
                // A claim the bank's file cannot carry stops the close: nothing is paid until it is put right.
                return new CloseOutcome([], Ui.Text("口座の内容を振込データにできない申請があるため、締めていません。") + " " + string.Join(" / ", faults));
            }

            var options = subsidy.Value;
            var number = await db.Set<PaymentBatch>().Where(b => b.Month == month).Select(b => (int?)b.Number).MaxAsync(cancellationToken) ?? 0;
            var batches = new List<PaymentBatch>();
            foreach (var chunk in payments.Chunk(Math.Max(1, options.File.MaxTransfersPerFile)))
            {
                var batch = new PaymentBatch
                {
                    Month = month,
                    Number = ++number,
                    TransferDate = payment.Value.TransferDateOf(month),
                    ClosedAt = clock.GetUtcNow(),
                    ClosedBy = by,
                    Count = chunk.Length,
                    Total = chunk.Sum(p => p.Amount),
                };
                batch.Payments.AddRange(chunk);
                db.Add(batch);
                batches.Add(batch);
            }

            await db.SaveChangesAsync(cancellationToken); // the payments' ids: their 顧客コード in the file
            foreach (var batch in batches)
            {
                var transfers = batch.Payments.OrderBy(p => p.Id)
                    .Select(p => new ZenginTransfer(p.BankCode, p.BranchCode, p.DepositType, accounts[p].AccountNumber, accounts[p].HolderName, p.Amount, p.CustomerCode))
                    .ToList();
                var file = ZenginTransferFile.Write(options.Payer, batch.TransferDate, transfers, options.File.LineEnding, options.File.MaxTransfersPerFile);
                batch.TransferFileSha256 = Convert.ToHexStringLower(SHA256.HashData(file)); // of the file the bank receives
                batch.TransferFile = privates.SealBytes(file);
                audit.Record("subsidy.month-closed", by, null, new { batch = batch.Name, batch.Count, batch.Total, transferDate = batch.TransferDate, sha256 = batch.TransferFileSha256 });
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new CloseOutcome(batches, null);
        });
    }
}
