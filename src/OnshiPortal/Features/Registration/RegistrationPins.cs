using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.PostalLetters.Returns;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Registration;

/// <summary>
/// 郵送による確認コード: the third proof of a pending self-registration (docs/security.md, "Squatting"), for a registrant
/// without the institution's letter. The code goes by post to the master's address (never to one the registrant
/// typed), so only someone who receives the institution's post can prove the registration with it. It is 8 digits:
/// read off paper and typed on any keyboard without the O/0, I/1 doubts of letters, and 10⁸ values against
/// <see cref="PinLetterOptions.MaxAttempts"/> guesses a code (5 in 10⁸) and a few letters per institution and period.
/// Stored as an HMAC under a key derived from the credential key (outside the database: a copy of the database does
/// not give the code away by trying the 10⁸ values), and sealed in its letter until a print batch renders it.
/// </summary>
public sealed class RegistrationPins(
    PortalDbContext db,
    PendingRegistrations pending,
    PostalLetterQueue letters,
    CredentialKeyRing keys,
    AuditTrail audit,
    IOptions<PinLetterOptions> options,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    private const string Purpose = "OnshiPortal registration PIN v1";

    public const string NotPending = "このアカウントは確認待ちではありません。";

    public const string NoCode = "確認コードの郵送を請求していないか、確認コードが使えなくなっています。もう一度、確認コードの郵送を請求してください。";

    public const string Undeliverable = "医療機関等マスタの所在地あての郵便が、あて所不明等で返送されています。確認コードを郵送できませんので、コールセンターにお問い合わせください。";

    public const string Dead = "確認コードが正しくありません。入力の回数が上限に達したため、この確認コードは使えなくなりました。もう一度、確認コードの郵送を請求してください。";

    /// <summary>The associated data its letter's seal is bound to.</summary>
    public static string SealedFor(long registrationId, int sequence) => string.Create(CultureInfo.InvariantCulture, $"pin:{registrationId}:{sequence}");

    /// <summary>The code of the registration that still works: asked, not used, not dead, not expired.</summary>
    public Task<RegistrationPin?> OutstandingAsync(long registrationId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return db.Set<RegistrationPin>().AsNoTracking()
            .Where(p => p.SelfRegistrationId == registrationId && p.UsedAt == null && p.DeadAt == null && p.ExpiresAt > now)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Queues a confirmation code letter to the master's address of the account's pending registration, in one
    /// transaction with its hash and its audit entry; refused while one is outstanding for the registration and once
    /// the institution had <see cref="PinLetterOptions.MaxPerInstitution"/> within the period.
    /// </summary>
    /// <returns>Null when queued, or the Japanese reason it was not.</returns>
    public async Task<string?> RequestAsync(PortalUser account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var registration = await pending.OfAccountAsync(account.Id, cancellationToken);
        if (registration is null)
        {
            return NotPending;
        }

        var code = registration.InstitutionCode;
        var institution = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
        if (institution is null)
        {
            return "医療機関等マスタに登録されていないコードのため、確認コードを郵送できません。支払基金からのご連絡をお待ちください。";
        }

        if (institution.PostalCode.Length != 7 || institution.Address.Length == 0)
        {
            return "医療機関等マスタに郵便番号・住所がないため、確認コードを郵送できません。コールセンターにお問い合わせください。";
        }

        if (institution.Status != InstitutionStatus.Active)
        {
            return "廃止・承継済みの医療機関等のため、確認コードを郵送できません。";
        }

        // The post brought a letter back from this very address (PostalReturns' flag, until the master's address
        // changes): another would come back too, and the registrant would wait for a code that never arrives.
        if (await PostalReturns.FlagOfAsync(db, code, cancellationToken) is not null)
        {
            return Undeliverable;
        }

        var settings = options.Value;
        var now = clock.GetUtcNow();
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

                // Checked inside the transaction that queues the letter, one request of the institution at a time:
                // requests sent at once (a script, several tabs) each read "nothing outstanding, under the cap"
                // before any of them had written, and each queued a letter.
                await InstitutionLocks.TakeAsync(db, code, cancellationToken);

                if (await OutstandingAsync(registration.Id, cancellationToken) is { } outstanding)
                {
                    return Outstanding(outstanding);
                }

                var since = now.AddDays(-settings.PeriodDays);
                if (await db.Set<RegistrationPin>().CountAsync(p => p.InstitutionCode == code && p.RequestedAt > since, cancellationToken) >= settings.MaxPerInstitution)
                {
                    return Ui.Text("この医療機関等あての確認コードの郵送は、{0}日間に{1}回までです。日をおいて請求するか、コールセンターにお問い合わせください。", settings.PeriodDays, settings.MaxPerInstitution);
                }

                var sequence = (await db.Set<RegistrationPin>().Where(p => p.SelfRegistrationId == registration.Id)
                    .MaxAsync(p => (int?)p.Sequence, cancellationToken) ?? 0) + 1;
                var value = RandomNumberGenerator.GetInt32(100_000_000).ToString("D8", CultureInfo.InvariantCulture);
                var (keyId, key) = keys.DerivedCurrentKey(Purpose);
                var expiresAt = now.AddDays(settings.ValidDays);
                var pin = new RegistrationPin
                {
                    SelfRegistrationId = registration.Id,
                    Sequence = sequence,
                    InstitutionCode = code,
                    RequestedAt = now,
                    ExpiresAt = expiresAt,
                    HashKeyId = keyId,
                    CodeHash = Hash(key, registration.Id, sequence, value),
                };
                db.Add(pin);
                var letter = letters.Queue(
                    PostalLetterKind.RegistrationPin,
                    code,
                    new RegistrationPinLetter(
                        institution.Name, institution.PostalCode, institution.Address, code, registration.Id, sequence, account.Email ?? string.Empty,
                        JapanTime.DayOf(now), expiresAt, mail.Value.Link("/mypage/prove")),
                    now,
                    new LetterSecret(SealedFor(registration.Id, sequence), value, expiresAt));
                await db.SaveChangesAsync(cancellationToken);
                pin.LetterId = letter.Id;
                audit.Record("registration.pin-requested", account.Email ?? account.Id, code, new { pinId = pin.Id, letterId = letter.Id, expiresAt });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return (string?)null;
            });
        }
        catch (DbUpdateException)
        {
            // The unique (registration, sequence): the same request sent twice at once. The other one stands.
            db.ChangeTracker.Clear();
            return await OutstandingAsync(registration.Id, cancellationToken) is { } other ? Outstanding(other) : NoCode;
        }
    }

    /// <summary>
    /// Proves the account's pending registration with the code of its outstanding letter: each entry is counted
    /// before it is checked, the code dies at the last wrong one, and the right one is spent in the transaction that
    /// proves the registration (as the institution's letter would).
    /// </summary>
    /// <returns>Null when proven, or the Japanese reason it was not.</returns>
    public async Task<string?> ProveAsync(PortalUser account, string entered, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        var registration = await pending.OfAccountAsync(account.Id, cancellationToken);
        if (registration is null)
        {
            return NotPending;
        }

        if (Normalize(entered) is not { } value)
        {
            return "確認コードは8桁の数字で入力してください。";
        }

        var now = clock.GetUtcNow();
        var pin = await db.Set<RegistrationPin>().AsNoTracking()
            .Where(p => p.SelfRegistrationId == registration.Id && p.UsedAt == null && p.DeadAt == null)
            .OrderByDescending(p => p.Id).FirstOrDefaultAsync(cancellationToken);
        if (pin is null)
        {
            return NoCode;
        }

        if (pin.ExpiresAt <= now)
        {
            return Ui.Text("確認コードの有効期限（{0}）が過ぎています。もう一度、確認コードの郵送を請求してください。", Wareki.Format(JapanTime.DayOf(pin.ExpiresAt)));
        }

        var max = options.Value.MaxAttempts;
        var counted = await db.Set<RegistrationPin>().Where(p => p.Id == pin.Id && p.UsedAt == null && p.DeadAt == null && p.Attempts < max)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.Attempts, p => p.Attempts + 1), cancellationToken);
        if (counted == 0)
        {
            return NoCode;
        }

        var key = keys.Derive(pin.HashKeyId, Purpose)
            ?? throw new InvalidOperationException($"The credential key '{pin.HashKeyId}' that hashed confirmation code {pin.Id} is not configured.");
        if (!CryptographicOperations.FixedTimeEquals(Hash(key, registration.Id, pin.Sequence, value), pin.CodeHash))
        {
            var attempts = await db.Set<RegistrationPin>().Where(p => p.Id == pin.Id).Select(p => p.Attempts).SingleAsync(cancellationToken);
            var dead = attempts >= max;
            if (dead)
            {
                await db.Set<RegistrationPin>().Where(p => p.Id == pin.Id && p.DeadAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(p => p.DeadAt, now), cancellationToken);
                await DropSealAsync(pin, cancellationToken);
            }

            audit.Record("registration.proof-failed", account.Email ?? account.Id, registration.InstitutionCode, new { method = SelfRegistration.Proof.Pin, pinId = pin.Id, attempts, dead });
            await db.SaveChangesAsync(cancellationToken);
            return dead ? Dead : Ui.Text("確認コードが正しくありません（あと{0}回入力できます）。郵送でお届けした最新の確認コードを入力してください。", max - attempts);
        }

        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var used = await db.Set<RegistrationPin>().Where(p => p.Id == pin.Id && p.UsedAt == null && p.DeadAt == null)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.UsedAt, now), cancellationToken);
            if (used == 0)
            {
                return "この確認コードはすでに使用されたか、使えなくなりました。";
            }

            var current = await pending.OfAccountAsync(account.Id, cancellationToken);
            if (current is null || current.Id != registration.Id)
            {
                return NotPending;
            }

            await DropSealAsync(pin, cancellationToken);
            await pending.ConfirmAsync(current, SelfRegistration.Proof.Pin, account.Email ?? account.Id, new { pinId = pin.Id }, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (string?)null;
        });
    }

    /// <summary>The 8 digits of an entry, forgiving full-width digits, hyphens and spaces as printed (1234-5678); null otherwise.</summary>
    public static string? Normalize(string? entered)
    {
        if (entered is null)
        {
            return null;
        }

        var digits = new StringBuilder(8);
        foreach (var c in entered.Normalize(NormalizationForm.FormKC))
        {
            if (c is >= '0' and <= '9')
            {
                digits.Append(c);
            }
            else if (c is not ('-' or ' ' or '\u2010' or '\u2212' or '\u30fc'))
            {
                return null;
            }
        }

        return digits.Length == 8 ? digits.ToString() : null;
    }

    /// <summary>How the letter prints the code: two groups of four.</summary>
    public static string Grouped(string value) => value.Length == 8 ? value[..4] + "-" + value[4..] : value;

    private static string Outstanding(RegistrationPin pin) =>
        Ui.Text("確認コードは{0}に郵送のご依頼を受け付けています（有効期限 {1}）。届いた確認コードを入力してください。", Wareki.Format(JapanTime.DayOf(pin.RequestedAt)), Wareki.Format(JapanTime.DayOf(pin.ExpiresAt)));

    private Task<int> DropSealAsync(RegistrationPin pin, CancellationToken cancellationToken) =>
        db.Set<PostalLetter>().Where(l => l.Id == pin.LetterId && l.SealedSecret != null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.SealedSecret, (byte[]?)null).SetProperty(l => l.SealKeyId, (string?)null), cancellationToken);

    private static byte[] Hash(byte[] key, long registrationId, int sequence, string value) =>
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{registrationId}:{sequence}:{value}")));
}
