using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.People;

/// <summary>
/// Stopping and restarting a named person: 利用停止 and its lifting, shared by the call centre and the institution's
/// own people page, so that both end sessions, reset the inactivity clock and write the audit the same way.
/// </summary>
public sealed class PeopleStates(PortalDbContext db, UserManager<PortalUser> users, ServerSessions sessions, AuditTrail audit, TimeProvider clock)
{
    public const string Conflict = "同時に別の変更が行われました。画面を開き直して状態を確認してください。";

    /// <summary>
    /// 利用停止: the person can no longer log in, and every session they have open ends now (rows deleted, new
    /// security stamp), in one transaction with the audit entry. <paramref name="person"/> must be tracked by this
    /// scope's context (loaded through it or the user manager).
    /// </summary>
    public async Task<string?> SuspendAsync(PortalUser person, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.State != PersonState.Active)
        {
            return "利用中のアカウントではありません。";
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            person.State = PersonState.Suspended;
            var ended = await sessions.EndAllAsync(person.Id, cancellationToken: cancellationToken);
            audit.Record("person.suspended", actor, person.InstitutionCode, new { person = person.Email, reason, sessions = ended });

            // Saves the person, the audit entry and the new stamp together: a ticket written before is refused.
            var result = await users.UpdateSecurityStampAsync(person);
            if (!result.Succeeded)
            {
                return Conflict;
            }

            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    /// <summary>
    /// Lifts 利用停止 or 休止: the person may log in again, and the six months start again from now (otherwise the next
    /// housekeeping pass would make a lifted dormant person dormant at once).
    /// </summary>
    public async Task<string?> LiftAsync(PortalUser person, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.State is not (PersonState.Suspended or PersonState.Dormant))
        {
            return "利用停止・休止中のアカウントではありません。";
        }

        var was = person.State;
        person.State = PersonState.Active;
        person.LastLoginAt = clock.GetUtcNow();
        person.InactivityWarnedAt = null;
        audit.Record("person.reactivated", actor, person.InstitutionCode, new { person = person.Email, was = was.ToString(), reason });
        var result = await users.UpdateAsync(person);
        return result.Succeeded ? null : Conflict;
    }
}
