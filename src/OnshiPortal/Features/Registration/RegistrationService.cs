using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Registration;

/// <summary>What the registration form carries from the input page to the check page (sealed, see the page).</summary>
public sealed record RegistrationEntries(
    string Code, string Name, string Founder, string PostalCode, string Address, string Phone, string ContactPerson, string Password);

/// <summary>
/// 初めてご利用になる方（アカウント登録）, the seed's 別添2: an address asks for a one-time URL; the URL opens the
/// form; the check page confirms; the account exists, its mail proven by the URL.
/// </summary>
public sealed class RegistrationService(
    PortalDbContext db,
    UserManager<PortalUser> users,
    MailOutbox outbox,
    AuditTrail audit,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromHours(24);

    /// <summary>Mails the URL, or, to an address that has an account, the way to log in. The caller says the same either way.</summary>
    public async Task RequestAsync(string email)
    {
        var now = clock.GetUtcNow();
        if (await users.FindByEmailAsync(email) is not null)
        {
            outbox.Enqueue(RegistrationMails.AlreadyRegistered(email, mail.Value));
            audit.Record("registration.requested-existing", email, null);
        }
        else
        {
            var token = ActivationToken.New();
            db.Set<RegistrationLink>().Add(new RegistrationLink
            {
                Email = email,
                TokenHash = ActivationToken.Hash(token),
                CreatedAt = now,
                ExpiresAt = now + LinkLifetime,
            });
            outbox.Enqueue(RegistrationMails.Link(email, mail.Value.Link("/register/form?token=" + Uri.EscapeDataString(token))));
            audit.Record("registration.requested", email, null);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>The link a token opens, when it is unused and unexpired.</summary>
    public async Task<RegistrationLink?> FindLinkAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        var hash = ActivationToken.Hash(token);
        var now = clock.GetUtcNow();
        var link = await db.Set<RegistrationLink>().AsNoTracking().FirstOrDefaultAsync(l => l.TokenHash == hash);
        return link is not null && link.UsedAt is null && link.ExpiresAt > now ? link : null;
    }

    /// <summary>
    /// Whether the URL's link was spent by a registration that made its address an account: opened again (from the
    /// mail, by the clerk who registered), it says so instead of asking for a new 仮登録メール. A link spent by a
    /// refused attempt (a code with an account, see the form) leaves no account and gets the generic answer. Only
    /// the holder of the mailbox can ask, about its own address.
    /// </summary>
    public async Task<bool> RegisteredWithAsync(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        var hash = ActivationToken.Hash(token);
        return await db.Set<RegistrationLink>().AsNoTracking()
            .AnyAsync(l => l.TokenHash == hash && l.UsedAt != null && db.Users.Any(u => u.Email == l.Email));
    }

    /// <summary>
    /// The master's row for a code, or why the code cannot register (Japanese). A code the master lacks is allowed.
    /// Whether the code has an account already is not said here, where anyone with a mailbox could ask it of every
    /// code: only <see cref="CompleteAsync"/> says it, at the end of the form, and that costs the URL.
    /// </summary>
    public async Task<(Institution? Master, string? Refusal)> CheckCodeAsync(InstitutionCode code)
    {
        var master = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code.Value);
        if (master is { Status: not InstitutionStatus.Active })
        {
            return (master, "この医療機関等コードは廃止または承継済みのため登録できません。新しい医療機関等コードで登録してください。");
        }

        return (master, null);
    }

    /// <summary>Never the other account's address: the caller may be anyone.</summary>
    public const string CodeTaken = "この医療機関等コードはすでにアカウントが登録されているか、登録の確認中です。このURLは使用済みとなりました。" +
        "ログインできない場合や、心当たりのない登録がある場合は、オンライン資格確認等コールセンター（0800-0804583）へご連絡ください。";

    /// <summary>
    /// Creates the account in one transaction: the URL is spent (once), the entries are kept, the mail queued and the
    /// audit written. The account is pending (<see cref="PendingRegistrations"/>): the institution's letters keep
    /// working until it is proven. A code that has an account already spends the URL too, so that asking which
    /// codes have accounts costs a mailbox round trip each.
    /// </summary>
    /// <returns>The account, or the Japanese reason it was not created.</returns>
    public async Task<(PortalUser? Account, string? Refusal)> CompleteAsync(long linkId, RegistrationEntries entries)
    {
        var code = InstitutionCode.Parse(entries.Code);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var now = clock.GetUtcNow();
            var spent = await db.Set<RegistrationLink>()
                .Where(l => l.Id == linkId && l.UsedAt == null && l.ExpiresAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.UsedAt, now));
            if (spent == 0)
            {
                return ((PortalUser?)null, (string?)"このURLはすでに使用されたか、有効期限が切れています。もう一度「初めてご利用になる方」からお手続きください。");
            }

            var (master, refusal) = await CheckCodeAsync(code);
            if (refusal is not null)
            {
                await transaction.RollbackAsync();
                return (null, refusal);
            }

            var email = await db.Set<RegistrationLink>().Where(l => l.Id == linkId).Select(l => l.Email).FirstAsync();
            if (await db.Users.AnyAsync(u => u.InstitutionCode == code.Value))
            {
                audit.Record("registration.refused-code-taken", email, code.Value);
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
                return (null, CodeTaken);
            }

            var account = new PortalUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true, // proven: the form was reached through the URL mailed to it
                PasswordHash = users.PasswordHasher.HashPassword(new PortalUser(), entries.Password),
                PhoneNumber = entries.Phone,
                ContactPerson = entries.ContactPerson,
                Language = Languages.Current,
                DisplayName = entries.Name,
                InstitutionCode = code.Value,

                // The first 管理者, who invites the others, and the institution's account of record.
                InstitutionRole = InstitutionRole.Administrator,
                AccountOf = code.Value,
                CreatedAt = now,
            };
            try
            {
                if (!(await users.CreateAsync(account)).Succeeded)
                {
                    await transaction.RollbackAsync();
                    return (null, "このメールアドレスはすでに登録されています。ログイン画面からログインしてください。");
                }
            }
            catch (DbUpdateException)
            {
                // Another registration or activation of this code committed first (the unique index on the account of record).
                await transaction.RollbackAsync();
                return (null, CodeTaken);
            }

            db.Set<SelfRegistration>().Add(new SelfRegistration
            {
                UserId = account.Id,
                InstitutionCode = code.Value,
                InMaster = master is not null,
                Name = entries.Name,
                Founder = entries.Founder,
                PostalCode = entries.PostalCode,
                Address = entries.Address,
                Phone = entries.Phone,
                ContactPerson = entries.ContactPerson,
                CreatedAt = now,
            });
            await InstitutionSteps.AccountOfRecordAsync(db, code.Value, account.CreatedAt, CancellationToken.None);
            await LetterProgress.RegisteredAsync(db, code.Value, now);
            outbox.Enqueue(RegistrationMails.Completed(email, entries.Name, code.Value, master is not null, mail.Value));
            audit.Record("registration.completed", email, code.Value, new { inMaster = master is not null, pending = true, entries.Name, entries.Phone, entries.ContactPerson });
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return (account, null);
        });
    }
}
