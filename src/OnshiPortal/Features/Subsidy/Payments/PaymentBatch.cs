namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>
/// 支払バッチ: what one close of a month paid, immutable once closed. Its 全銀 file is kept as written (the bytes the
/// bank received, with their SHA-256), never written again from configuration that may have changed since. A second
/// close of the same month makes a second batch with only the claims accepted since.
/// </summary>
public sealed class PaymentBatch
{
    public long Id { get; set; }

    /// <summary>The month closed (its first day).</summary>
    public DateOnly Month { get; set; }

    /// <summary>1 for the month's first close, 2 for the next...</summary>
    public int Number { get; set; }

    /// <summary>振込指定日: the 支払予定日 the institutions see.</summary>
    public DateOnly TransferDate { get; set; }

    public DateTimeOffset ClosedAt { get; set; }

    public string ClosedBy { get; set; } = string.Empty;

    public int Count { get; set; }

    public long Total { get; set; }

    /// <summary>The 全銀協 総合振込 file as written, sealed at rest (every account of the batch; <see cref="PaymentFiles.OpenedAsync"/> opens it).</summary>
    public byte[] TransferFile { get; set; } = [];

    public string TransferFileSha256 { get; set; } = string.Empty;

    /// <summary>When the bank's result (its return list, possibly empty) was registered: the rest are 支払済 from then.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    public string? SettledBy { get; set; }

    public List<SubsidyPayment> Payments { get; } = [];

    /// <summary>The batch's name in files and on pages: 2027-01-1.</summary>
    public string Name => $"{Month:yyyy-MM}-{Number}";
}
