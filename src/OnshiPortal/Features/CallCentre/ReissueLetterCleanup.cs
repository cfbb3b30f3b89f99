using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Activation;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.CallCentre;

/// <summary>Empties the sealed password of a reissued letter once its credential is used, superseded or expired.</summary>
internal sealed class ReissueLetterCleanup : IHousekeepingTask
{
    public string Name => "spent reissue letters";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken) =>
        Batches.UpdateAsync(
            db.Set<ReissueLetter>()
                .Where(l => l.SealedPassword != null && !db.Set<TemporaryCredential>()
                    .Any(c => c.LoginId == l.LoginId && c.UsedAt == null && c.RevokedAt == null && c.ExpiresAt > now))
                .OrderBy(l => l.Id),
            (batch, ct) => batch.ExecuteUpdateAsync(s => s
                .SetProperty(l => l.SealedPassword, (byte[]?)null)
                .SetProperty(l => l.SealKeyId, (string?)null), ct),
            cancellationToken);
}
