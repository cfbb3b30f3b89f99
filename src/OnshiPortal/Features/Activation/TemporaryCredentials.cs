using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Activation;

/// <summary>Issues, verifies and uses up the temporary credentials (仮ID・仮パスワード) of institution letters.</summary>
public sealed class TemporaryCredentials(PortalDbContext db, CredentialKeyRing keys, IOptions<CredentialOptions> options, TimeProvider clock)
{
    public const int PasswordLength = 12;

    /// <summary>Codes looked up and saved together by <see cref="IssueManyAsync"/>: a national mailing is 100,000.</summary>
    private const int BatchSize = 1000;

    private static readonly byte[] DummySalt = new byte[CredentialHash.SaltLength];

    /// <summary>
    /// Issues a credential and supersedes the institution's earlier ones. Nothing is saved: the caller's
    /// SaveChanges makes the issue part of its own transaction.
    /// </summary>
    /// <exception cref="CredentialRefusedException">The institution is unknown, closed or succeeded, or already has its account.</exception>
    public async Task<IssuedCredential> IssueAsync(string institutionCode, string issuedBy, CancellationToken cancellationToken = default)
    {
        var (issued, refused) = await IssueChunkAsync([institutionCode], issuedBy, [], cancellationToken);
        return refused.Count > 0 ? throw new CredentialRefusedException(refused[0].Reason) : issued[0];
    }

    /// <summary>
    /// Issues for many institutions in one transaction (the caller's if it has begun one, so that it can write
    /// the passwords out before committing), saving in batches; refused codes are reported, not thrown.
    /// </summary>
    public async Task<CredentialBatch> IssueManyAsync(IEnumerable<string> institutionCodes, string issuedBy, CancellationToken cancellationToken = default)
    {
        var ownTransaction = db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        await using (ownTransaction)
        {
            var issued = new List<IssuedCredential>();
            var refused = new List<RefusedCode>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var chunk in institutionCodes.Chunk(BatchSize))
            {
                var (chunkIssued, chunkRefused) = await IssueChunkAsync(chunk, issuedBy, seen, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                issued.AddRange(chunkIssued);
                refused.AddRange(chunkRefused);
            }

            if (ownTransaction is not null)
            {
                await ownTransaction.CommitAsync(cancellationToken);
            }

            return new CredentialBatch(issued, refused);
        }
    }

    /// <summary>
    /// Issues for a batch into the caller's unit of work without saving: a campaign saves the credentials and their
    /// letters together, so that neither exists without the other.
    /// </summary>
    /// <param name="made">
    /// Receives the new credential rows instead of the context, for a caller that writes many at once itself
    /// (BulkWriter); the superseded ones it loaded are still tracked and saved by the caller's SaveChanges.
    /// </param>
    internal Task<(List<IssuedCredential> Issued, List<RefusedCode> Refused)> IssueUnsavedAsync(
        IReadOnlyList<string> institutionCodes, string issuedBy, List<TemporaryCredential> made, CancellationToken cancellationToken) =>
        IssueChunkAsync(institutionCodes, issuedBy, new HashSet<string>(StringComparer.Ordinal), cancellationToken, made);

    /// <summary>
    /// Checks a login ID and password as typed. The state of a credential (used, superseded, expired) is told only
    /// to someone who has its password; to anyone else it is a wrong password.
    /// </summary>
    public async Task<CredentialCheck> VerifyAsync(string loginId, string password, CancellationToken cancellationToken = default)
    {
        var id = LoginId.Normalize(loginId);
        var typed = LoginId.Normalize(password); // a Japanese input method's full-width letters are the same password
        var credential = id.Length is 0 or > LoginId.MaxLength
            ? null
            : await db.Set<TemporaryCredential>().AsNoTracking().SingleOrDefaultAsync(c => c.LoginId == id, cancellationToken);
        if (credential is null)
        {
            // Hash anyway, so that an unknown ID takes as long as a known one: the time must not tell which NNs exist.
            keys.HashWithCurrentKey(DummySalt, typed);
            return new CredentialCheck(CredentialOutcome.Unknown);
        }

        if (!keys.Verify(credential.KeyId, credential.Salt, typed, credential.Hash))
        {
            return new CredentialCheck(CredentialOutcome.WrongPassword);
        }

        var outcome = credential.UsedAt is not null ? CredentialOutcome.Used
            : credential.RevokedAt is not null ? CredentialOutcome.Superseded
            : clock.GetUtcNow() >= credential.ExpiresAt ? CredentialOutcome.Expired
            : CredentialOutcome.Valid;
        return new CredentialCheck(outcome, outcome == CredentialOutcome.Valid ? credential : null);
    }

    /// <summary>
    /// Uses the credential up, atomically: of two activations racing on one letter (two nodes, a double click)
    /// only one gets true. Also false once it was superseded or has expired.
    /// </summary>
    public async Task<bool> MarkUsedAsync(long credentialId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Set<TemporaryCredential>()
            .Where(c => c.Id == credentialId && c.UsedAt == null && c.RevokedAt == null && c.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedAt, now), cancellationToken);
        return updated == 1;
    }

    private async Task<(List<IssuedCredential> Issued, List<RefusedCode> Refused)> IssueChunkAsync(
        IReadOnlyList<string> inputs, string issuedBy, HashSet<string> seen, CancellationToken cancellationToken, List<TemporaryCredential>? made = null)
    {
        var issued = new List<IssuedCredential>();
        var refused = new List<RefusedCode>();
        var codes = new List<string>();
        foreach (var input in inputs)
        {
            if (!InstitutionCode.TryParse(input, out var code, out var error))
            {
                refused.Add(new RefusedCode(input.Trim(), error!));
            }
            else if (!seen.Add(code.Value))
            {
                refused.Add(new RefusedCode(code.Value, "一覧の中で重複しています（最初の1件だけを処理しました）。"));
            }
            else
            {
                codes.Add(code.Value);
            }
        }

        var institutions = await db.Institutions.AsNoTracking()
            .Where(i => codes.Contains(i.Code))
            .ToDictionaryAsync(i => i.Code, i => i.Status, cancellationToken);
        var activated = (await PendingRegistrations.Proven(db, db.Set<PortalUser>()
            .Where(u => u.InstitutionCode != null && codes.Contains(u.InstitutionCode)))
            .Select(u => u.InstitutionCode!)
            .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        await db.Set<TemporaryCredential>().Where(c => codes.Contains(c.InstitutionCode)).LoadAsync(cancellationToken);

        // Tracked now, with any issued in this context but not yet saved: all of them count for the next NN.
        var earlier = db.Set<TemporaryCredential>().Local.ToLookup(c => c.InstitutionCode, StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var expiresAt = now.AddDays(options.Value.ExpiryDays);
        foreach (var code in codes)
        {
            var reason = !institutions.TryGetValue(code, out var status) ? "医療機関等マスタに登録されていない医療機関等コードです。"
                : status == InstitutionStatus.Closed ? "廃止された医療機関等です。"
                : status == InstitutionStatus.Succeeded ? "承継済みの医療機関等です（承継先の医療機関等コードで発行してください）。"
                : activated.Contains(code) ? "アカウントは既に有効化されています（仮IDは不要です）。"
                : null;
            if (reason is not null)
            {
                refused.Add(new RefusedCode(code, reason));
                continue;
            }

            var sequence = 1;
            foreach (var old in earlier[code])
            {
                sequence = Math.Max(sequence, old.Sequence + 1);
                old.RevokedAt ??= now;
            }

            var password = PasswordGenerator.Generate(PasswordLength);
            var salt = CredentialHash.NewSalt();
            var (keyId, hash) = keys.HashWithCurrentKey(salt, password);
            var credential = new TemporaryCredential
            {
                InstitutionCode = code,
                Sequence = sequence,
                LoginId = LoginId.Format(code, sequence),
                Salt = salt,
                Hash = hash,
                KeyId = keyId,
                IssuedAt = now,
                ExpiresAt = expiresAt,
                IssuedBy = issuedBy,
            };
            if (made is null)
            {
                db.Add(credential);
            }
            else
            {
                made.Add(credential);
            }

            issued.Add(new IssuedCredential(code, credential.LoginId, password, expiresAt));
        }

        if (made is null && issued.Count > 0)
        {
            // 仮ID発行 on the master row, saved by the caller's SaveChanges with the credentials themselves; a caller
            // that writes the rows itself (made) marks them as it writes them (InstitutionSteps.CredentialsIssuedAsync).
            var firstCodes = issued.Select(i => i.InstitutionCode).ToList();
            foreach (var first in await db.Institutions.Where(i => firstCodes.Contains(i.Code) && i.FirstCredentialIssuedAt == null).ToListAsync(cancellationToken))
            {
                first.FirstCredentialIssuedAt = now;
            }
        }

        return (issued, refused);
    }
}
