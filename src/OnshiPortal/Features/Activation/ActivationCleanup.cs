using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Features.Activation;

/// <summary>Throttle counts that no longer delay anyone: no failure for <see cref="ThrottleRules.ForgetAfter"/> and no block running.</summary>
internal sealed class LoginThrottleCleanup : IHousekeepingTask
{
    public string Name => "login throttle entries";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var forgotten = now - ThrottleRules.ForgetAfter;
        return Batches.DeleteAsync(
            db.Set<LoginThrottleEntry>()
                .Where(e => e.UpdatedAt < forgotten && (e.BlockedUntil == null || e.BlockedUntil < now))
                .OrderBy(e => e.Key),
            cancellationToken);
    }
}

/// <summary>
/// An activation request that expired unconfirmed keeps the hash of the password its institution chose; a day
/// after it expired (it can no longer be resent or completed) that hash is emptied. The row itself stays: the
/// dashboard's funnels and the call centre count requests made.
/// </summary>
internal sealed class ExpiredActivationRequestCleanup : IHousekeepingTask
{
    public static readonly TimeSpan Grace = TimeSpan.FromDays(1);

    public string Name => "expired activation requests";

    public Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - Grace;
        return Batches.UpdateAsync(
            db.Set<ActivationRequest>()
                .Where(r => r.CompletedAt == null && r.ExpiresAt < before && r.PasswordHash != string.Empty)
                .OrderBy(r => r.Id),
            (batch, ct) => batch.ExecuteUpdateAsync(s => s.SetProperty(r => r.PasswordHash, string.Empty), ct),
            cancellationToken);
    }
}
