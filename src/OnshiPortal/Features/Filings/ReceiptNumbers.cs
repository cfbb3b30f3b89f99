using System.Globalization;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// Gives 受付番号 from a counter row per type and year, inside the caller's transaction. The counter is raised by an
/// UPDATE, which holds the row until the transaction ends: on PostgreSQL a second filing waits for the first to
/// commit and then reads the raised value; on SQLite the write lock does the same. A number is never given twice,
/// and a rolled-back filing gives its number back with everything else.
/// </summary>
public sealed class ReceiptNumbers(PortalDbContext db)
{
    public static string Prefix(FilingType type) => ProcedureCatalog.Of(type).Prefix;

    /// <summary>S-2023-000123: six digits allow a million filings a type a year, ten times the institutions.</summary>
    public static string Format(FilingType type, int year, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix(type)}-{year:0000}-{number:000000}");

    /// <summary>
    /// Holds the procedure's own counter row (year 0) until the transaction ends: a procedure's rules that count what
    /// the institution already filed (readers against the limit, a terminal's one certificate) are checked after
    /// this, so two filings of the procedure at once are checked one after the other, never both against the old
    /// count. Call inside a transaction.
    /// </summary>
    public Task LockAsync(FilingType type, CancellationToken cancellationToken = default) => LockAsync(Prefix(type), cancellationToken);

    /// <summary>The same lock for other work that must run one at a time (a month's subsidy close), by its own key.</summary>
    public async Task LockAsync(string prefix, CancellationToken cancellationToken = default)
    {
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"ReceiptCounters\" (\"Prefix\", \"Year\", \"Last\") VALUES ({prefix}, 0, 0) ON CONFLICT DO NOTHING",
            cancellationToken);
        await db.Set<ReceiptCounter>()
            .Where(c => c.Prefix == prefix && c.Year == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + 1), cancellationToken);
    }

    /// <summary>The next number; call inside a transaction.</summary>
    public async Task<string> NextAsync(FilingType type, int year, CancellationToken cancellationToken = default)
    {
        var prefix = Prefix(type);

        // The first filing of a year makes the row; two first filings at once both "insert", one does nothing.
        // (INSERT ... ON CONFLICT DO NOTHING is the same SQL on SQLite and PostgreSQL.)
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO \"ReceiptCounters\" (\"Prefix\", \"Year\", \"Last\") VALUES ({prefix}, {year}, 0) ON CONFLICT DO NOTHING",
            cancellationToken);
        await db.Set<ReceiptCounter>()
            .Where(c => c.Prefix == prefix && c.Year == year)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Last, c => c.Last + 1), cancellationToken);
        var last = await db.Set<ReceiptCounter>().AsNoTracking()
            .Where(c => c.Prefix == prefix && c.Year == year)
            .Select(c => c.Last)
            .SingleAsync(cancellationToken);
        return Format(type, year, last);
    }
}
