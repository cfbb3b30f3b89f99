using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Registration;

/// <summary>仮登録 links a day after they expired (used or not): nothing reads them any more.</summary>
internal sealed class RegistrationLinkCleanup : IHousekeepingTask
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public string Name => "expired registration links";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - Grace;
        return Batches.DeleteAsync(db.Set<RegistrationLink>().Where(l => l.ExpiresAt < before).OrderBy(l => l.Id), cancellationToken);
    }
}
