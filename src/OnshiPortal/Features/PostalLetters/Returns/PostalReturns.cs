using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.PostalLetters.Returns;

/// <summary>A printed letter of one institution, as the returns page offers it.</summary>
public sealed record PostedLetter(long Id, PostalLetterKind Kind, DateTimeOffset PrintedAt, long? BatchId, DateTimeOffset? ReturnedAt, PostalReturnReason? ReturnReason);

/// <summary>An address the post office could not deliver to, still the master's address of its institution.</summary>
public sealed record ReturnedAddress(string InstitutionCode, string InstitutionName, string PostalCode, string Address, DateTimeOffset ReturnedAt, PostalReturnReason Reason, PostalLetterKind Kind)
{
    public string PostalCodeDisplay => Institutions.Institution.DisplayPostalCode(PostalCode);
}

/// <summary>
/// 返送された郵送物: an operator records a letter the post office brought back (which letter, why), once. When the
/// reason says the address failed, the address is flagged — on the call centre's page of the institution, on its
/// マイページ, on the returns page and in the master import's summary — for as long as the master still gives that
/// address: the next import that corrects it clears the flag by itself, since the flag is the comparison of the
/// address the letter went to with the master's, not a mark someone must remember to remove.
/// </summary>
public sealed class PostalReturns(PortalDbContext db, AuditTrail audit, TimeProvider clock)
{
    public const string NotFound = "この医療機関等の郵送物に、その番号のものはありません。";
    public const string NotPosted = "まだ印刷・郵送していない郵送物です。返送は郵送済みのものだけ記録できます。";
    public const string AlreadyReturned = "この郵送物の返送はすでに記録されています。";

    /// <summary>The institution's printed letters, newest first (the returned ones with their reason).</summary>
    public async Task<IReadOnlyList<PostedLetter>> PostedAsync(string institutionCode, CancellationToken cancellationToken = default) =>
        await db.Set<PostalLetter>().AsNoTracking()
            .Where(l => l.InstitutionCode == institutionCode && l.PrintedAt != null)
            .OrderByDescending(l => l.Id).Take(50)
            .Select(l => new PostedLetter(l.Id, l.Kind, l.PrintedAt!.Value, l.BatchId, l.ReturnedAt, l.ReturnReason))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// Records the return of a posted letter of the institution, with the master's address of now; the Japanese
    /// reason when nothing was recorded. One conditional update: two operators recording the same envelope record it once.
    /// </summary>
    public async Task<string?> RecordAsync(string institutionCode, long letterId, PostalReturnReason reason, string actor, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(reason))
        {
            throw new ArgumentOutOfRangeException(nameof(reason));
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var address = await db.Institutions.AsNoTracking().Where(i => i.Code == institutionCode)
                .Select(i => new { i.PostalCode, i.Address }).SingleOrDefaultAsync(cancellationToken);
            if (address is null)
            {
                return NotFound;
            }

            var by = actor.Length <= 256 ? actor : actor[..256];
            var now = clock.GetUtcNow();
            var recorded = await db.Set<PostalLetter>()
                .Where(l => l.Id == letterId && l.InstitutionCode == institutionCode && l.PrintedAt != null && l.ReturnedAt == null)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(l => l.ReturnedAt, now)
                    .SetProperty(l => l.ReturnReason, reason)
                    .SetProperty(l => l.ReturnedBy, by)
                    .SetProperty(l => l.ReturnedPostalCode, address.PostalCode)
                    .SetProperty(l => l.ReturnedAddress, address.Address), cancellationToken);
            if (recorded == 0)
            {
                var letter = await db.Set<PostalLetter>().AsNoTracking()
                    .Where(l => l.Id == letterId && l.InstitutionCode == institutionCode)
                    .Select(l => new { l.PrintedAt, l.ReturnedAt }).SingleOrDefaultAsync(cancellationToken);
                await transaction.RollbackAsync(cancellationToken);
                return letter is null ? NotFound : letter.PrintedAt is null ? NotPosted : AlreadyReturned;
            }

            audit.Record("postal-letter.returned", actor, institutionCode, new { letterId, reason = reason.ToString() });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return null;
        });
    }

    /// <summary>The institution's flagged address: its latest return whose address the master still gives; null when none.</summary>
    public static async Task<ReturnedAddress?> FlagOfAsync(PortalDbContext db, string institutionCode, CancellationToken cancellationToken = default) =>
        await Shown(Flagged(db).Where(r => r.Letter.InstitutionCode == institutionCode)).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Every flagged address, the latest return of each institution, newest first.</summary>
    public static async Task<IReadOnlyList<ReturnedAddress>> FlaggedAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        var all = await Shown(Flagged(db)).Take(1000).ToListAsync(cancellationToken);
        return [.. all.DistinctBy(r => r.InstitutionCode)];
    }

    /// <summary>The codes whose address is flagged now (the import's summary compares them before and after).</summary>
    public static async Task<HashSet<string>> FlaggedCodesAsync(PortalDbContext db, CancellationToken cancellationToken = default) =>
        [.. await Flagged(db).Select(r => r.Letter.InstitutionCode).Distinct().ToListAsync(cancellationToken)];

    private static IQueryable<ReturnedAddress> Shown(IQueryable<Returned> returned) =>
        returned.OrderByDescending(r => r.Letter.ReturnedAt).ThenByDescending(r => r.Letter.Id)
            .Select(r => new ReturnedAddress(r.Institution.Code, r.Institution.Name, r.Institution.PostalCode, r.Institution.Address, r.Letter.ReturnedAt!.Value, r.Letter.ReturnReason!.Value, r.Letter.Kind));

    private sealed class Returned
    {
        public required PostalLetter Letter { get; init; }

        public required Institutions.Institution Institution { get; init; }
    }

    /// <summary>
    /// Returns for a failed address (not a refusal, not an item left uncollected) whose address is still the master's:
    /// through the index on ReturnedAt, the few returned letters joined to their institutions.
    /// </summary>
    private static IQueryable<Returned> Flagged(PortalDbContext db)
    {
        PostalReturnReason?[] failing = [.. PostalReturnReasons.All.Where(r => r.FlagsAddress()).Select(r => (PostalReturnReason?)r)];
        return db.Set<PostalLetter>().AsNoTracking()
            .Where(l => l.ReturnedAt != null && failing.Contains(l.ReturnReason))
            .Join(db.Institutions, l => l.InstitutionCode, i => i.Code, (l, i) => new Returned { Letter = l, Institution = i })
            .Where(r => r.Institution.PostalCode == r.Letter.ReturnedPostalCode && r.Institution.Address == r.Letter.ReturnedAddress);
    }
}
