namespace OnshiPortal.Features.Subsidy.Payments;

public enum PaymentState
{
    /// <summary>支払予定: in a closed batch, its transfer date ahead or its result not yet registered.</summary>
    Scheduled = 0,

    /// <summary>支払済: the batch's result was registered and the bank did not return this transfer.</summary>
    Paid = 1,

    /// <summary>振込不能: the bank returned it; the claim went back to 差戻し and will be paid again in a later batch.</summary>
    Returned = 2,
}

/// <summary>
/// 支払: one accepted claim's subsidy in one month's batch, with the account as the claim gave it (a snapshot: the
/// file the bank received is what was paid, whatever the claim says later).
/// </summary>
public sealed class SubsidyPayment
{
    public long Id { get; set; }

    public long BatchId { get; set; }

    public PaymentBatch? Batch { get; set; }

    public long FilingId { get; set; }

    public required string ReceiptNumber { get; set; }

    public required string InstitutionCode { get; set; }

    public long Amount { get; set; }

    public required string BankCode { get; set; }

    public required string BranchCode { get; set; }

    public DepositType DepositType { get; set; }

    /// <summary>口座番号, sealed at rest (<see cref="Filings.PrivateEntries"/>; <see cref="PaymentFiles.OpenedAsync"/> opens it).</summary>
    public required string AccountNumber { get; set; }

    /// <summary>口座名義 in 全銀 カナ, as written in the file; sealed at rest as the number.</summary>
    public required string HolderName { get; set; }

    public PaymentState State { get; set; }

    /// <summary>
    /// The claim's id while the payment stands (予定 or 済), null once the bank returned it: a unique index on it lets
    /// the database, not a check-then-insert, pay a claim exactly once however many closes run at once.
    /// </summary>
    public long? PayKey { get; set; }

    /// <summary>The bank's reason for a return (振込不能事由).</summary>
    public string ReturnReason { get; set; } = string.Empty;

    /// <summary>顧客コード1 in the file: the payment's own number, so the bank's return list names this payment.</summary>
    public string CustomerCode => CustomerCodeOf(Id);

    public static string CustomerCodeOf(long id) => id.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
}
