using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>What the institution sees of its claim's money: 支払予定日, 支払済, or a transfer the bank returned.</summary>
public sealed record ClaimPayment(PaymentState State, long Amount, DateOnly TransferDate, string ReturnReason)
{
    /// <summary>The claim's latest payment, if a close has taken it.</summary>
    public static Task<ClaimPayment?> OfAsync(PortalDbContext db, long filingId, CancellationToken cancellationToken) =>
        db.Set<SubsidyPayment>().AsNoTracking()
            .Where(p => p.FilingId == filingId)
            .OrderByDescending(p => p.Id)
            .Select(p => new ClaimPayment(p.State, p.Amount, p.Batch!.TransferDate, p.ReturnReason))
            .FirstOrDefaultAsync(cancellationToken);
}
