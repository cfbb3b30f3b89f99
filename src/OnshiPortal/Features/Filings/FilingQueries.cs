using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>The operator queue's filters (all optional); dates are Japan calendar days of 受付.</summary>
public sealed class FilingCriteria
{
    public FilingState? State { get; set; }

    public int? Prefecture { get; set; }

    public InstitutionKind? Kind { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

/// <summary>Reads filings for My Page, the filing's own page and the operator's queue.</summary>
public sealed class FilingQueries(PortalDbContext db)
{
    /// <summary>What an account filed, newest first, including what it filed under an old code before a succession.</summary>
    public Task<List<Filing>> OfAccountAsync(string userId, CancellationToken cancellationToken = default) =>
        db.Set<Filing>().AsNoTracking()
            .Where(f => f.FiledByUserId == userId)
            .OrderByDescending(f => f.SubmittedAt).ThenByDescending(f => f.Id)
            .ToListAsync(cancellationToken);

    /// <summary>A filing with its history and attachments, when <paramref name="user"/> may see it (its filer, or an operator).</summary>
    public async Task<Filing?> VisibleAsync(string receiptNumber, PortalUser user, bool operatorRole, CancellationToken cancellationToken = default)
    {
        var filing = await WithDetails().FirstOrDefaultAsync(f => f.ReceiptNumber == receiptNumber, cancellationToken);
        return filing is not null && (operatorRole || filing.FiledByUserId == user.Id) ? filing : null;
    }

    public Task<Filing?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        WithDetails().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>The operator's queue of a type, oldest 受付 first (the aim is a decision within a week).</summary>
    public IQueryable<Filing> Queue(FilingType type, FilingCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var query = db.Set<Filing>().AsNoTracking().Where(f => f.Type == type);
        if (criteria.State is { } state)
        {
            query = query.Where(f => f.State == state);
        }

        if (criteria.Prefecture is { } prefecture)
        {
            query = query.Where(f => f.Prefecture == prefecture);
        }

        if (criteria.Kind is { } kind)
        {
            query = query.Where(f => f.Kind == kind);
        }

        if (criteria.From is { } from)
        {
            var start = JapanTime.StartOf(from);
            query = query.Where(f => f.SubmittedAt >= start);
        }

        if (criteria.To is { } to)
        {
            var end = JapanTime.StartOf(to.AddDays(1));
            query = query.Where(f => f.SubmittedAt < end);
        }

        return query.OrderBy(f => f.SubmittedAt).ThenBy(f => f.Id);
    }

    /// <summary>How many whole days a filing has waited (or waited until decided).</summary>
    public static int AgeInDays(Filing filing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var until = filing.State is FilingState.Submitted or FilingState.Returned ? now : filing.UpdatedAt;
        return Math.Max(0, (int)(until - filing.SubmittedAt).TotalDays);
    }

    private IQueryable<Filing> WithDetails() =>
        db.Set<Filing>().AsNoTracking().Include(f => f.Events.OrderBy(e => e.At).ThenBy(e => e.Id)).Include(f => f.Attachments).AsSplitQuery();
}
