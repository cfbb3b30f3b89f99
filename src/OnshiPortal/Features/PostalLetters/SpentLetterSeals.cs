using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.PostalLetters;

/// <summary>
/// Drops the sealed secret of a queued letter once it can no longer be used: past its expiry (<see cref="PostalLetter.SealedUntil"/>),
/// or, for a reissue letter, once its institution has no temporary credential left that works (used by アカウント登録,
/// revoked by a proof, superseded). Not when its batch is written: the printing room may download a batch again, and
/// a <c>post batch</c> killed after publishing rewrites the same files, for as long as the secret could be printed
/// to any use. The features drop a seal themselves when they spend its secret (a reissue, a confirmation code used).
/// </summary>
internal sealed class SpentLetterSeals : IHousekeepingTask
{
    public string Name => "spent postal letter seals";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        Batches.UpdateAsync(
            db.Set<PostalLetter>()
                .Where(l => l.SealedSecret != null && (l.SealedUntil <= now
                    || (l.Kind == PostalLetterKind.CredentialReissue && !db.Set<TemporaryCredential>()
                        .Any(c => c.InstitutionCode == l.InstitutionCode && c.UsedAt == null && c.RevokedAt == null && c.ExpiresAt > now))))
                .OrderBy(l => l.Id),
            (batch, ct) => batch.ExecuteUpdateAsync(s => s
                .SetProperty(l => l.SealedSecret, (byte[]?)null)
                .SetProperty(l => l.SealKeyId, (string?)null), ct),
            cancellationToken);
}
