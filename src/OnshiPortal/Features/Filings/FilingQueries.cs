using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Filings;

/// <summary>The operator queue's filters (all optional); dates are Japan calendar days of 受付.</summary>
public sealed class FilingCriteria
{
    /// <summary>One procedure, or every procedure when null (the one queue).</summary>
    public FilingType? Procedure { get; set; }

    public FilingState? State { get; set; }

    /// <summary>Filed at least this many whole days ago (経過日数): what has waited too long.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 3650, ErrorMessage = "経過日数は0から3650までの数字で入力してください。")]
    public int? WaitingDays { get; set; }

    public int? Prefecture { get; set; }

    public InstitutionKind? Kind { get; set; }

    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }
}

/// <summary>Reads filings for My Page, the filing's own page and the operator's queue.</summary>
public sealed class FilingQueries(PortalDbContext db)
{
    /// <summary>
    /// What an institution filed, newest first, including what it filed under an old code before a succession brought
    /// its account (and its people) to this one.
    /// </summary>
    public async Task<List<Filing>> OfInstitutionAsync(string code, CancellationToken cancellationToken = default)
    {
        var codes = await CodesOfAsync(code, cancellationToken);
        return await db.Set<Filing>().AsNoTracking()
            .Where(f => codes.Contains(f.InstitutionCode))
            .OrderByDescending(f => f.SubmittedAt).ThenByDescending(f => f.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A filing with its history and attachments, when it may be seen: by an operator, or by a person acting for the
    /// institution that filed it (a vendor only for its procedures).
    /// </summary>
    public async Task<Filing?> VisibleAsync(string receiptNumber, InstitutionAccess? access, bool operatorRole, CancellationToken cancellationToken = default)
    {
        var filing = await WithDetails().FirstOrDefaultAsync(f => f.ReceiptNumber == receiptNumber, cancellationToken);
        if (filing is null || operatorRole)
        {
            return filing;
        }

        return access is not null && access.MaySee(filing.Type) && (await CodesOfAsync(access.InstitutionCode, cancellationToken)).Contains(filing.InstitutionCode)
            ? filing
            : null;
    }

    /// <summary>The code and the codes whose account moved to it by an accepted succession (and theirs, in turn).</summary>
    public async Task<HashSet<string>> CodesOfAsync(string code, CancellationToken cancellationToken = default)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal) { code };
        var next = new List<string> { code };
        while (next.Count > 0)
        {
            var previous = await db.Set<Filing>().AsNoTracking()
                .Where(f => f.Type == FilingType.Succession && f.State == FilingState.Accepted && f.SuccessorCode != null && next.Contains(f.SuccessorCode))
                .Select(f => f.InstitutionCode)
                .ToListAsync(cancellationToken);
            next = previous.Where(codes.Add).ToList();
        }

        return codes;
    }

    public Task<Filing?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        WithDetails().FirstOrDefaultAsync(f => f.Id == id, cancellationToken);

    /// <summary>
    /// The operator's queue, of every procedure or of one, oldest 受付 first (the aim is a decision within a week).
    /// <paramref name="now"/> places the age filter.
    /// </summary>
    public IQueryable<Filing> Queue(FilingCriteria criteria, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var query = db.Set<Filing>().AsNoTracking();
        if (criteria.Procedure is { } type)
        {
            query = query.Where(f => f.Type == type);
        }

        if (criteria.WaitingDays is { } days)
        {
            // Whole days since 受付, as AgeInDays counts them for a filing still waiting.
            var filedBefore = now.AddDays(-days);
            query = query.Where(f => f.SubmittedAt <= filedBefore);
        }

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
