using Microsoft.EntityFrameworkCore;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// One writer at a time per institution, for the rules that read before they write (the last 管理者, the invitations'
/// cap, the PIN letters' cap): taken inside the transaction that writes, so that the next request of the same
/// institution waits until this one has committed and then reads what it wrote. Without it, requests sent at once
/// each read the same state and all pass. The lock is the row of the institution's account of record (unique per
/// code, <see cref="Features.Account.PortalUser.AccountOf"/>), held by an update that changes nothing: PostgreSQL's
/// row lock; on SQLite the write transaction (BEGIN IMMEDIATE, EF's default there) runs alone anyway.
/// </summary>
public static class InstitutionLocks
{
    public static async Task TakeAsync(PortalDbContext db, string institutionCode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("An institution's lock is taken inside the transaction that writes.");
        }

        await db.Users.Where(u => u.AccountOf == institutionCode).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccountOf, u => u.AccountOf), cancellationToken);
    }
}
