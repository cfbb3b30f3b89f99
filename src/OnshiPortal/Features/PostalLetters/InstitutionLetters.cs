using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>A letter of the print queue as the institution (マイページ) and the call centre see it.</summary>
public sealed record InstitutionLetter(long Id, PostalLetterKind Kind, DateTimeOffset QueuedAt, DateTimeOffset? PrintedAt, long? BatchId, DateTimeOffset? ReturnedAt = null, Returns.PostalReturnReason? ReturnReason = null);

/// <summary>The letters of one institution and, when the post office could not deliver to its address, that return.</summary>
public sealed record LettersOfInstitution(IReadOnlyList<InstitutionLetter> Letters, Returns.ReturnedAddress? ReturnedAddress);

/// <summary>
/// The letters posted to an institution, newest first: what the portal promised by post and whether it left
/// (printed in a batch: 「郵送済み」), so that a call about a letter is answered from the same list the caller sees.
/// </summary>
public static class InstitutionLetters
{
    public static async Task<LettersOfInstitution> OfAsync(PortalDbContext db, string institutionCode, CancellationToken cancellationToken)
    {
        var letters = await db.Set<PostalLetter>().AsNoTracking().Where(l => l.InstitutionCode == institutionCode).OrderByDescending(l => l.Id).Take(100)
            .Select(l => new InstitutionLetter(l.Id, l.Kind, l.QueuedAt, l.PrintedAt, l.BatchId, l.ReturnedAt, l.ReturnReason))
            .ToListAsync(cancellationToken);

        // Only an institution some letter of which came back can have its address flagged: most never pay the join.
        var returned = letters.Any(l => l.ReturnedAt is not null) ? await Returns.PostalReturns.FlagOfAsync(db, institutionCode, cancellationToken) : null;
        return new LettersOfInstitution(letters, returned);
    }
}
