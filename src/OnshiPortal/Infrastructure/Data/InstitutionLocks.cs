using Microsoft.EntityFrameworkCore;

namespace OnshiPortal.Infrastructure.Data;

/// <summary>
/// One writer at a time per institution, for the rules that count before they write (the PIN letters' cap, the
/// invitations' cap): taken inside the transaction that writes, so that the next request of the same institution
/// waits until this one has committed and then counts what it wrote. Without it, requests sent at once each count
/// the same number and all pass. SQLite's write transactions (BEGIN IMMEDIATE, EF's default there) run one at a time
/// already; PostgreSQL takes a transaction-scoped advisory lock on the code, which needs no row (an institution the
/// master lacks has people too) and blocks nobody else.
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

        if (!db.Database.IsSqlite())
        {
            var key = "institution:" + institutionCode;
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", cancellationToken);
        }
    }
}
