using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Dashboard;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Deferral;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Campaigns;

/// <summary>What a finished (or resumed) issue did.</summary>
public sealed record CampaignIssueResult(int Issued, int Skipped, int Total);

/// <summary>
/// Creates campaigns (the targets, frozen as letter rows) and issues them: one temporary credential per 別添1 letter,
/// saved with its letter in one transaction per batch. Issuing again after a crash resumes with the letters still
/// pending; a letter is filled in once (unique per campaign and institution, and a version check), so a target is
/// never issued twice in one campaign, and no credential exists without its letter or the other way round.
/// </summary>
public sealed class CampaignService(
    PortalDbContext db,
    TemporaryCredentials credentials,
    LetterPasswordSeal seal,
    AuditTrail audit,
    IOptions<CampaignOptions> options,
    IOptions<FilingOptions> filings,
    TimeProvider clock)
{
    /// <summary>
    /// Test seam: called with "saved" after a batch is written but before it commits, and "committed" after; a test
    /// throws from it to play a crash inside a batch or between two.
    /// </summary>
    internal Func<string, Task>? Checkpoint { get; set; }

    public async Task<Campaign> CreateAsync(CampaignRequest request, string createdBy, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        await ValidateAsync(request, cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var campaign = New(request, createdBy);
            var targets = await TargetsAsync(campaign, progress, cancellationToken);
            await SaveAsync(campaign, targets, createdBy, progress, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return campaign;
        });
    }

    /// <summary>
    /// For a job that must make a campaign once (the follow-up proposals): <paramref name="claim"/> runs first in the
    /// creation's transaction and says whether this caller may go on (false: another run had it; nothing is written).
    /// Then the draft is made, unless its query chooses nobody: then only the claim is committed. Claim and draft
    /// commit together or not at all.
    /// </summary>
    /// <returns>Whether the claim held, and the draft when there was somebody to write to.</returns>
    public async Task<(bool Claimed, Campaign? Campaign)> CreateOnceAsync(
        CampaignRequest request, string createdBy, Func<CancellationToken, Task<bool>> claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await ValidateAsync(request, cancellationToken);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await claim(cancellationToken))
            {
                return (false, (Campaign?)null);
            }

            var campaign = New(request, createdBy);
            var targets = await TargetsAsync(campaign, null, cancellationToken);
            if (targets.Count > 0)
            {
                await SaveAsync(campaign, targets, createdBy, null, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return (true, targets.Count > 0 ? campaign : null);
        });
    }

    private Campaign New(CampaignRequest request, string createdBy) => new()
    {
        Kind = request.Kind,
        Name = request.Name.Trim(),
        CutoffDate = request.CutoffDate,
        LetterDate = request.LetterDate,
        EnforcementSentence = LetterSentences.Clean(request.EnforcementSentence),
        TransitionSentence = LetterSentences.Clean(request.TransitionSentence),
        // What the filing deadline was when the campaign was made; the letters print the setting as it is at
        // export (CampaignExport), so that moving it moves every letter not yet printed with it.
        Deadline = filings.Value.Deferral.Deadline,
        AfterCampaignId = request.Kind == CampaignKind.Resend ? request.AfterCampaignId : null,
        OpenedAfter = request.Kind == CampaignKind.NewOrSuccession ? request.OpenedAfter : null,
        State = CampaignState.Draft,
        CreatedAt = clock.GetUtcNow(),
        CreatedBy = createdBy,
    };

    /// <summary>The query's targets (it reads the campaign's parameters only: it need not be saved yet).</summary>
    private async Task<List<CampaignTarget>> TargetsAsync(Campaign campaign, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new WorkProgress("対象の抽出", 0, 1));
        var targets = await CampaignTargeting.FindAsync(db, campaign, cancellationToken);
        progress?.Report(new WorkProgress("対象の抽出", 1, 1));
        return targets;
    }

    /// <summary>The campaign and its letters, in the caller's transaction.</summary>
    private async Task SaveAsync(Campaign campaign, List<CampaignTarget> targets, string createdBy, IProgress<WorkProgress>? progress, CancellationToken cancellationToken)
    {
        db.Add(campaign);
        await db.SaveChangesAsync(cancellationToken);
        var letters = targets.Select(t => new CampaignLetter
        {
            CampaignId = campaign.Id,
            InstitutionCode = t.InstitutionCode,
            Reason = t.Reason,
            State = CampaignLetterState.Pending,
            Prefecture = t.Prefecture,
            Kind = t.Kind,
            PostalCode = t.PostalCode,
        });
        await new BulkWriter<CampaignLetter>(db).InsertAsync(
            letters, done => progress?.Report(new WorkProgress("送付対象の登録", done, targets.Count)), cancellationToken);

        await LetterProgress.FromRecordsAsync(db, campaign.Id, cancellationToken);
        campaign.TargetCount = targets.Count;
        audit.Record("campaign.created", createdBy, null, new { campaign.Id, Kind = campaign.Kind.CommandName(), campaign.Name, campaign.CutoffDate, targets.Count });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<CampaignIssueResult> IssueAsync(long campaignId, string issuedBy, IProgress<WorkProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var campaign = await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
            ?? throw new CampaignNotFoundException(campaignId);
        var total = campaign.TargetCount;

        // Counted once: recounting the pending letters after every batch read the campaign's remaining index range
        // a hundred times over on a national mailing. Another issuer's progress shows when this one finishes.
        var done = total - await PendingAsync(campaignId, cancellationToken);
        int batch;
        while ((batch = await IssueBatchAsync(campaign, issuedBy, cancellationToken)) != 0)
        {
            done = Math.Min(total, done + Math.Max(batch, 0));
            progress?.Report(new WorkProgress("仮ID・送付状の発行", done, total));
        }

        progress?.Report(new WorkProgress("仮ID・送付状の発行", total, total));
        var counts = await db.Set<CampaignLetter>().Where(l => l.CampaignId == campaignId)
            .GroupBy(l => l.State).Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        var issued = counts.GetValueOrDefault(CampaignLetterState.Issued);
        var skipped = counts.GetValueOrDefault(CampaignLetterState.Skipped);

        // Draft → issued once, by whichever run finished last; a rerun of a finished campaign changes nothing.
        var now = clock.GetUtcNow();
        var finished = await db.Set<Campaign>().Where(c => c.Id == campaignId && c.State == CampaignState.Draft)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.State, CampaignState.Issued).SetProperty(c => c.IssuedAt, now), cancellationToken);
        if (finished == 1)
        {
            audit.Record("campaign.issued", issuedBy, null, new { campaign.Id, Issued = issued, Skipped = skipped });
            await db.SaveChangesAsync(cancellationToken);
        }

        return new CampaignIssueResult(issued, skipped, total);
    }

    private Task<int> PendingAsync(long campaignId, CancellationToken cancellationToken) =>
        db.Set<CampaignLetter>().CountAsync(l => l.CampaignId == campaignId && l.State == CampaignLetterState.Pending, cancellationToken);

    /// <summary>
    /// Issues the next batch of pending letters in one transaction: the number issued or skipped, 0 when none was
    /// left, -1 when another issuer took the batch first. The letters and the new credentials are written by
    /// prepared statements reused for every row (BulkWriter), not through the change tracker, whose bookkeeping was
    /// most of an issue's time; the concurrency check on each letter's version is the same as SaveChanges's.
    /// </summary>
    private async Task<int> IssueBatchAsync(Campaign campaign, string issuedBy, CancellationToken cancellationToken)
    {
        try
        {
            return await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var letters = await PendingBatch(campaign.Id).AsNoTracking().ToListAsync(cancellationToken);
                if (letters.Count == 0)
                {
                    return 0;
                }

                if (campaign.Kind.IssuesCredentials())
                {
                    await IssueCredentialsAsync(campaign, letters, issuedBy, cancellationToken);
                }
                else
                {
                    await CheckStillTargetsAsync(letters, cancellationToken);
                }

                foreach (var letter in letters)
                {
                    letter.Version++;
                }

                await new BulkWriter<CampaignLetter>(db).UpdateVersionedAsync(letters, IssuedColumns, nameof(CampaignLetter.Version), cancellationToken);
                await db.SaveChangesAsync(cancellationToken); // the credentials a reissue superseded, if any
                await CheckpointAsync("saved");
                await transaction.CommitAsync(cancellationToken);
                await CheckpointAsync("committed");
                return letters.Count;
            });
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another issuer (a second node, a double click) filled these letters in first: its work stands, ours
            // rolled back; go on with what is still pending.
            db.ChangeTracker.Clear();
            return -1;
        }
    }

    /// <summary>What issuing fills in on a letter (besides its version).</summary>
    private static readonly string[] IssuedColumns =
    [
        nameof(CampaignLetter.State), nameof(CampaignLetter.LoginId), nameof(CampaignLetter.SealedPassword),
        nameof(CampaignLetter.SealKeyId), nameof(CampaignLetter.IssuedAt), nameof(CampaignLetter.SkipReason),
    ];

    /// <summary>
    /// The next pending letters, locked for this transaction. On PostgreSQL another issuer (a second node) skips the
    /// rows this one holds and takes the next ones, so both work instead of one waiting and then colliding; SQLite
    /// has one writer at a time anyway.
    /// </summary>
    private IQueryable<CampaignLetter> PendingBatch(long campaignId) => db.Database.IsSqlite()
        ? db.Set<CampaignLetter>()
            .Where(l => l.CampaignId == campaignId && l.State == CampaignLetterState.Pending)
            .OrderBy(l => l.Id)
            .Take(options.Value.IssueBatchSize)
        : db.Set<CampaignLetter>().FromSqlRaw(
            """
            SELECT * FROM "CampaignLetters" WHERE "CampaignId" = {0} AND "State" = {1}
            ORDER BY "Id" LIMIT {2} FOR UPDATE SKIP LOCKED
            """,
            campaignId, (int)CampaignLetterState.Pending, options.Value.IssueBatchSize);

    private async Task IssueCredentialsAsync(Campaign campaign, List<CampaignLetter> letters, string issuedBy, CancellationToken cancellationToken)
    {
        var codes = letters.Select(l => l.InstitutionCode).ToList();
        var made = new List<TemporaryCredential>(letters.Count);
        var (issued, refused) = await credentials.IssueUnsavedAsync(codes, $"campaign:{campaign.Id} {issuedBy}", made, cancellationToken);
        await new BulkWriter<TemporaryCredential>(db).InsertAsync(made, null, cancellationToken);
        var now = clock.GetUtcNow();
        await InstitutionSteps.CredentialsIssuedAsync(db, [.. made.Select(c => c.InstitutionCode)], now, cancellationToken);
        var byCode = issued.ToDictionary(i => i.InstitutionCode, StringComparer.Ordinal);
        var reasons = refused.ToDictionary(r => r.Code, r => r.Reason, StringComparer.Ordinal);
        foreach (var letter in letters)
        {
            if (byCode.TryGetValue(letter.InstitutionCode, out var credential))
            {
                var (keyId, sealedPassword) = seal.Seal(credential.LoginId, credential.Password);
                letter.State = CampaignLetterState.Issued;
                letter.LoginId = credential.LoginId;
                letter.SealedPassword = sealedPassword;
                letter.SealKeyId = keyId;
                letter.IssuedAt = now;
            }
            else
            {
                letter.State = CampaignLetterState.Skipped;
                letter.SkipReason = Truncate(reasons.GetValueOrDefault(letter.InstitutionCode, "発行できませんでした。"));
            }
        }
    }

    /// <summary>別添2 carries no credential; a target that got an account or closed since the cutoff is skipped.</summary>
    private async Task CheckStillTargetsAsync(List<CampaignLetter> letters, CancellationToken cancellationToken)
    {
        var codes = letters.Select(l => l.InstitutionCode).ToList();
        var statuses = await db.Institutions.Where(i => codes.Contains(i.Code)).ToDictionaryAsync(i => i.Code, i => i.Status, cancellationToken);
        var withAccount = (await PendingRegistrations.Proven(db, db.Set<PortalUser>().Where(u => u.InstitutionCode != null && codes.Contains(u.InstitutionCode)))
            .Select(u => u.InstitutionCode!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var letter in letters)
        {
            var reason = statuses.GetValueOrDefault(letter.InstitutionCode) != InstitutionStatus.Active ? "廃止または承継済みになりました。"
                : withAccount.Contains(letter.InstitutionCode) ? "アカウントが登録されました。"
                : null;
            letter.State = reason is null ? CampaignLetterState.Issued : CampaignLetterState.Skipped;
            letter.SkipReason = reason;
            letter.IssuedAt = reason is null ? now : null;
        }
    }

    private async Task ValidateAsync(CampaignRequest request, CancellationToken cancellationToken)
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add((nameof(request.Name), "名称を入力してください。"));
        }
        else if (request.Name.Trim().Length > 200)
        {
            problems.Add((nameof(request.Name), "名称は200文字以内にしてください。"));
        }

        // The sentences that name the law's dates: printed in every letter, so refused before anything is made.
        if (LetterSentences.Problem(LetterSentences.Clean(request.EnforcementSentence), "施行の文", LetterSentences.MaxEnforcementLength) is { } enforcement)
        {
            problems.Add((nameof(request.EnforcementSentence), enforcement));
        }

        if (LetterSentences.Problem(LetterSentences.Clean(request.TransitionSentence), "経過措置の文", LetterSentences.MaxTransitionLength) is { } transition)
        {
            problems.Add((nameof(request.TransitionSentence), transition));
        }

        if (request.LetterDate < request.CutoffDate)
        {
            problems.Add((nameof(request.LetterDate), "発送日は基準日以降の日付にしてください。"));
        }

        // The letter asks for a filing by the deadline: a letter dated after it would ask for the impossible.
        if (filings.Value.Deferral.Deadline < request.LetterDate)
        {
            problems.Add((nameof(request.LetterDate), Ui.Text("発送日が事前届出の期限（{0}）より後です。事前届出の期限は設定 {1} で変更できます。", Wareki.Date(filings.Value.Deferral.Deadline), FilingOptions.DeadlineKey)));
        }

        if (request.Kind == CampaignKind.Resend)
        {
            var earlier = request.AfterCampaignId is { } id
                ? await db.Set<Campaign>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
                : null;
            if (earlier is null)
            {
                problems.Add((nameof(request.AfterCampaignId), "再発送の元になる発送（発送ID）を指定してください。"));
            }
            else if (earlier.State == CampaignState.Draft)
            {
                problems.Add((nameof(request.AfterCampaignId), Ui.Text("発送ID {0} はまだ発行されていません。", earlier.Id)));
            }
            else if (!earlier.Kind.IssuesCredentials())
            {
                problems.Add((nameof(request.AfterCampaignId), Ui.Text("発送ID {0} は別添2の発送です。再発送は別添1の発送に対して行います。", earlier.Id)));
            }
        }

        if (request.Kind == CampaignKind.NewOrSuccession)
        {
            if (request.OpenedAfter is null)
            {
                problems.Add((nameof(request.OpenedAfter), "新設とみなす開設日（この日より後）を指定してください。"));
            }
            else if (request.OpenedAfter >= request.CutoffDate)
            {
                problems.Add((nameof(request.OpenedAfter), "新設とみなす開設日は基準日より前の日付にしてください。"));
            }
        }

        if (problems.Count > 0)
        {
            throw new CampaignRequestException(problems);
        }
    }

    private async Task CheckpointAsync(string point)
    {
        if (Checkpoint is { } checkpoint)
        {
            await checkpoint(point);
        }
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200];
}

public sealed class CampaignNotFoundException(long id) : Exception($"発送ID {id} は見つかりません。")
{
    public long Id { get; } = id;
}
