using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.People;

/// <summary>
/// What a 管理者 does to the institution's people: invite, change a role, suspend, lift, remove. Each is one
/// transaction with its audit entry (naming the 管理者) and its mail. Two rules hold whatever the order of clicks:
/// an institution keeps at least one active 管理者, and a person leaves with their sessions.
/// </summary>
public sealed class InstitutionPeople(
    PortalDbContext db,
    UserManager<PortalUser> users,
    ServerSessions sessions,
    PeopleStates states,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    /// <summary>Open invitations an institution may have at once, and invitations it may send a day: no mail cannon.</summary>
    public const int MaxOpenInvitations = 30;

    public const string LastAdministrator = "管理者がいなくなるため、この操作はできません。先にほかの方を管理者にしてください。";

    public const string NoRole = "権限を選んでください。";

    public const string NotFound = "この方はこの医療機関等に登録されていません。";

    /// <summary>The people of the institution (removed ones too, last), for the people page.</summary>
    public Task<List<PortalUser>> OfAsync(string institutionCode, CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking()
            .PeopleOf(institutionCode)
            .OrderBy(u => u.State == PersonState.Removed).ThenBy(u => u.InstitutionRole).ThenBy(u => u.CreatedAt)
            .ToListAsync(cancellationToken);

    public Task<List<Invitation>> OpenInvitationsAsync(string institutionCode, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return db.Set<Invitation>().AsNoTracking()
            .Where(i => i.InstitutionCode == institutionCode && i.Role != null && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <returns>Null when the invitation went out, or the Japanese reason it did not.</returns>
    public async Task<string?> InviteAsync(InstitutionAccess by, string email, string displayName, InstitutionRole role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!Enum.IsDefined(role))
        {
            return NoRole;
        }

        var code = by.InstitutionCode;
        if (await PendingRegistrations.IsInstitutionPendingAsync(db, code, cancellationToken))
        {
            return "アカウントの確認が済んでいないため、職員の招待はできません。マイページで確認の方法をご覧ください。";
        }

        if (await db.Users.PeopleOf(code).AnyAsync(u => u.State != PersonState.Removed && u.NormalizedEmail == users.NormalizeEmail(email), cancellationToken))
        {
            return "この方はすでにこの医療機関等に登録されています。";
        }

        var institutionName = await InstitutionNames.OfAsync(db, code, cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // The cap is counted inside the transaction that adds the invitation, one invitation of the institution
            // at a time: invitations mail any address typed, and posts sent at once each counted the same number
            // before any had written, which let a burst mail strangers past the cap.
            await InstitutionLocks.TakeAsync(db, code, cancellationToken);

            var now = clock.GetUtcNow();
            var open = await db.Set<Invitation>().CountAsync(i => i.InstitutionCode == code && i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now, cancellationToken);
            var today = await db.Set<Invitation>().CountAsync(i => i.InstitutionCode == code && i.CreatedAt > now.AddDays(-1), cancellationToken);
            if (open >= MaxOpenInvitations || today >= MaxOpenInvitations)
            {
                return Ui.Text("招待は一度に{0}件までです。使われていない招待を取り消すか、明日以降にお試しください。", MaxOpenInvitations);
            }

            var token = ActivationToken.New();
            var invitation = new Invitation
            {
                InstitutionCode = code,
                Email = email,
                DisplayName = displayName,
                Role = role,
                TokenHash = ActivationToken.Hash(token),
                InvitedBy = by.Person.Id,
                CreatedAt = now,
                ExpiresAt = now + Invitation.Lifetime,
            };

            // A second invitation of the same address replaces the first: one link in force per person.
            await db.Set<Invitation>()
                .Where(i => i.InstitutionCode == code && i.Role != null && i.Email == email && i.AcceptedAt == null && i.RevokedAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);
            db.Set<Invitation>().Add(invitation);
            audit.Record("people.invited", by.Actor, code, new { email, displayName, role = role.ToString() });

            // In the language of the page the 管理者 invites from: the invitee has no language of their own yet.
            outbox.Enqueue(InvitationMails.Invited(invitation, institutionName, by.Name, token, mail.Value));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    public async Task<string?> RevokeInvitationAsync(InstitutionAccess by, long invitationId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var revoked = await db.Set<Invitation>()
            .Where(i => i.Id == invitationId && i.InstitutionCode == by.InstitutionCode && i.Role != null && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, clock.GetUtcNow()), cancellationToken);
        if (revoked == 0)
        {
            return "この招待はすでに使われたか、取り消されています。";
        }

        audit.Record("people.invitation-revoked", by.Actor, by.InstitutionCode, new { invitationId });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public Task<string?> ChangeRoleAsync(InstitutionAccess by, string personId, InstitutionRole role, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, personId, "people.role-changed", person =>
        {
            if (!Enum.IsDefined(role))
            {
                return NoRole;
            }

            if (person.State == PersonState.Removed)
            {
                return NotFound;
            }

            person.InstitutionRole = role;
            return null;
        }, endSessions: false, cancellationToken);

    public Task<string?> SuspendAsync(InstitutionAccess by, string personId, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, personId, "person.suspended", person =>
        {
            if (person.State != PersonState.Active)
            {
                return "この方は利用中ではありません。";
            }

            person.State = PersonState.Suspended;
            return null;
        }, endSessions: true, cancellationToken);

    /// <summary>利用再開 of a suspended or dormant person of the institution (the call centre's lift, by its 管理者).</summary>
    public async Task<string?> LiftAsync(InstitutionAccess by, string personId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var person = await db.Users.PeopleOf(by.InstitutionCode).FirstOrDefaultAsync(u => u.Id == personId && u.State != PersonState.Removed, cancellationToken);
        return person is null ? NotFound : await states.LiftAsync(person, by.Actor, "管理者による利用再開", cancellationToken);
    }

    /// <summary>
    /// 削除: the person leaves the institution. The row stays (filings and the audit name it), its sessions end now;
    /// the account of record, if it was theirs, passes to the 管理者 who removed them.
    /// </summary>
    public Task<string?> RemoveAsync(InstitutionAccess by, string personId, CancellationToken cancellationToken = default) =>
        ChangeAsync(by, personId, "people.removed", person =>
        {
            if (person.State == PersonState.Removed)
            {
                return NotFound;
            }

            person.State = PersonState.Removed;
            return null;
        }, endSessions: true, cancellationToken);

    private async Task<string?> ChangeAsync(
        InstitutionAccess by, string personId, string action, Func<PortalUser, string?> change, bool endSessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var code = by.InstitutionCode;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Two 管理者 demoting each other at once take turns, and the second sees the first's change.
            await InstitutionLocks.TakeAsync(db, code, cancellationToken);
            var person = await db.Users.PeopleOf(code).FirstOrDefaultAsync(u => u.Id == personId, cancellationToken);
            if (person is null)
            {
                return NotFound;
            }

            var before = new { role = person.InstitutionRole?.ToString(), state = person.State.ToString() };
            if (change(person) is { } refusal)
            {
                return refusal;
            }

            var othersLeft = await db.Users.PeopleOf(code).ActiveAdministrators().AnyAsync(u => u.Id != person.Id, cancellationToken);
            if (!othersLeft && !(person.InstitutionRole == InstitutionRole.Administrator && person.State == PersonState.Active))
            {
                return LastAdministrator;
            }

            if (person.State == PersonState.Removed && person.AccountOf is not null && by.Person.Id != person.Id)
            {
                person.AccountOf = null;
                await db.SaveChangesAsync(cancellationToken);
                await db.Users.Where(u => u.Id == by.Person.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.AccountOf, code), cancellationToken);
                await InstitutionSteps.AccountOfRecordAsync(db, code, by.Person.CreatedAt, cancellationToken);
            }

            audit.Record(action, by.Actor, code, new { person = person.Email, before, after = new { role = person.InstitutionRole?.ToString(), state = person.State.ToString() } });
            if (endSessions)
            {
                await sessions.EndAllAsync(person.Id, cancellationToken: cancellationToken);
                person.SecurityStamp = Guid.NewGuid().ToString("N");
            }

            person.ConcurrencyStamp = Guid.NewGuid().ToString();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }
}
