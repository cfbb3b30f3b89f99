using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.CallCentre;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.People;

/// <summary>
/// 休止: an institution's person or a vendor's person who has not logged in for <see cref="DormantAfterMonths"/>
/// months stops being able to log in (a forgotten account of somebody who left is one nobody watches), after a
/// warning at <see cref="WarnAfterMonths"/> months. Operators are never made dormant: the back office has its own
/// rules for its staff. Both mails are security mails and go whatever the person muted.
/// Each person is claimed by a conditional update in its own short transaction (the update only matches while the
/// person is still due), so any number of nodes may run this at once and each person is warned, or made dormant, once.
/// </summary>
public sealed class InactivityCheck(
    ServerSessions sessions,
    AuditTrail audit,
    MailOutbox outbox,
    IOptions<MailOptions> mail,
    IOptions<CallCentreContact> callCentre) : IHousekeepingTask
{
    public const int WarnAfterMonths = 5;

    public const int DormantAfterMonths = 6;

    /// <summary>The audit's actor for what this check does.</summary>
    public const string Actor = "system:inactivity";

    /// <summary>
    /// Nobody is made dormant without having been warned this long before, even when the warning came late (a node
    /// that did not run housekeeping for weeks, a person created long ago who never logged in).
    /// </summary>
    public static readonly TimeSpan WarningLead = TimeSpan.FromDays(7);

    public string Name => "inactive people";

    public async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var warnBefore = now.AddMonths(-WarnAfterMonths);
        var dormantBefore = now.AddMonths(-DormantAfterMonths);
        var warnedBefore = now - WarningLead;

        var warned = await EachAsync(
            db,
            Watched(db).Where(u => u.InactivityWarnedAt == null && (u.LastLoginAt ?? u.CreatedAt) < warnBefore),
            (due, person) => WarnAsync(db, due, person, now, cancellationToken),
            cancellationToken);
        var dormant = await EachAsync(
            db,
            Watched(db).Where(u => u.InactivityWarnedAt != null && u.InactivityWarnedAt <= warnedBefore && (u.LastLoginAt ?? u.CreatedAt) < dormantBefore),
            (due, person) => MakeDormantAsync(db, due, person, cancellationToken),
            cancellationToken);
        return warned + dormant;
    }

    /// <summary>Active institution people and vendors' people; never anyone with a back-office role.</summary>
    public static IQueryable<PortalUser> Watched(PortalDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Users.Where(u => u.State == PersonState.Active
            && (u.InstitutionRole != null || u.VendorCompany != null)
            && !db.UserRoles.Any(r => r.UserId == u.Id));
    }

    /// <summary>Walks the due people by id, a batch at a time; <paramref name="act"/> claims and handles one.</summary>
    private static Task<int> EachAsync(
        PortalDbContext db, IQueryable<PortalUser> due, Func<IQueryable<PortalUser>, string, Task<bool>> act, CancellationToken cancellationToken) =>
        Batches.EachKeyAsync(
            from => due.Where(u => string.Compare(u.Id, from) > 0).OrderBy(u => u.Id).Select(u => u.Id),
            id => db.Database.CreateExecutionStrategy().ExecuteAsync(() => act(due, id)),
            cancellationToken);

    private async Task<bool> WarnAsync(PortalDbContext db, IQueryable<PortalUser> due, string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await due.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.InactivityWarnedAt, now), cancellationToken) == 0)
        {
            return false;
        }

        var person = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, cancellationToken);
        var last = person.LastLoginAt ?? person.CreatedAt;
        var dormantOn = Max(last.AddMonths(DormantAfterMonths), now + WarningLead);
        Send(person, p => PeopleMails.InactivityWarning(p, last, dormantOn, mail.Value, callCentre.Value));
        audit.Record("person.inactivity-warned", Actor, person.InstitutionCode, new { person = person.Email, lastLogin = last, dormantOn });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<bool> MakeDormantAsync(PortalDbContext db, IQueryable<PortalUser> due, string id, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // A new security stamp with the state: a ticket written before is refused even where a row survived.
        var stamp = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var concurrency = Guid.NewGuid().ToString();
        if (await due.Where(u => u.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(u => u.State, PersonState.Dormant).SetProperty(u => u.SecurityStamp, stamp).SetProperty(u => u.ConcurrencyStamp, concurrency),
            cancellationToken) == 0)
        {
            return false;
        }

        var ended = await sessions.EndAllAsync(id, cancellationToken: cancellationToken);
        var person = await db.Users.AsNoTracking().FirstAsync(u => u.Id == id, cancellationToken);
        var last = person.LastLoginAt ?? person.CreatedAt;
        Send(person, p => PeopleMails.Dormant(p, last, mail.Value, callCentre.Value));
        audit.Record("person.dormant", Actor, person.InstitutionCode, new { person = person.Email, lastLogin = last, sessions = ended });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>In the language the person last used; a person with no sendable address is still warned or stopped.</summary>
    private void Send(PortalUser person, Func<PortalUser, MailContent> render)
    {
        if (person.Email is not { } email || !MailAddresses.IsSendable(email))
        {
            return;
        }

        using (Languages.Use(person.Language))
        {
            outbox.Enqueue(render(person).To(email));
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
