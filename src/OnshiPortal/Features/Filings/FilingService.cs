using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Filings;

/// <summary>One entry of a filing as shown on the check page, the copy (控え) and the operator's detail page.</summary>
/// <param name="Label">The field's Japanese label (also the key of its English).</param>
/// <param name="Value">What was entered, as shown.</param>
/// <param name="Choice">
/// The value is one the portal offers (a category, a reason, 「（未記入）」), not the institution's own words: an English
/// page shows its English. Entered text is shown as it is, even when it happens to read like a key.
/// </param>
/// <param name="Choice">The value is one of the form's fixed texts (translated when shown).</param>
/// <param name="Private">The institution's own (a bank account): never shown to a vendor, never put in a mail.</param>
public sealed record FiledField(string Label, string Value, bool Choice = false, bool Private = false);

/// <summary>What a form hands over to be filed.</summary>
/// <param name="Values">The checked entries by field id, which the procedure's rules read (<see cref="Procedure.RefusalAsync"/>).</param>
public sealed record FilingDraft(
    FilingType Type,
    string Entries,
    IReadOnlyList<FiledField> Fields,
    string? SuccessorCode = null,
    string? DeferralCategory = null,
    DateOnly? DeferralEndsOn = null,
    IReadOnlyList<StagedAttachment>? Attachments = null,
    IReadOnlyDictionary<string, string>? Values = null,
    int? Quantity = null,
    DateOnly? EffectiveOn = null,
    long? Amount = null,
    IReadOnlyCollection<string>? PrivateKeys = null);

public sealed record FilingOutcome(Filing? Filing, string? Refusal);

/// <summary>
/// The life of a filing, common to both forms: file (or file again after a return), withdraw, accept, return. Each
/// step is one transaction with its history entry, its audit entry and its mail, or nothing.
/// </summary>
public sealed class FilingService(
    PortalDbContext db,
    ReceiptNumbers receipts,
    FilingQueries queries,
    IServiceProvider services,
    MailOutbox outbox,
    AuditTrail audit,
    AttachmentStore attachments,
    PrivateEntries privates,
    IOptions<MailOptions> mail,
    TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };

    /// <summary>A self-registration not yet proven files nothing (docs/security.md, "Squatting").</summary>
    public const string PendingRefusal = "アカウントの確認が済んでいないため、届出はできません。マイページで確認の方法をご覧ください。";

    /// <summary>For a 閲覧者, or a vendor whose delegation does not cover the procedure (or has ended).</summary>
    public const string NotYoursRefusal = "この手続きを届け出る権限がありません。医療機関等の管理者にお問い合わせください。";

    public static string FieldsJson(IReadOnlyList<FiledField> fields) => JsonSerializer.Serialize(fields, Json);

    public static IReadOnlyList<FiledField> FieldsOf(Filing filing) =>
        string.IsNullOrEmpty(filing.Fields) ? [] : JsonSerializer.Deserialize<List<FiledField>>(filing.Fields) ?? [];

    /// <summary>The text that stands in for a private entry where it is not shown.</summary>
    public const string PrivateHidden = "（医療機関等の方がマイページでご確認ください）";

    /// <summary>The entries with every private one replaced by <see cref="PrivateHidden"/> (mails, a vendor's view).</summary>
    public static IReadOnlyList<FiledField> Hidden(IReadOnlyList<FiledField> fields) =>
        [.. fields.Select(f => f.Private ? f with { Value = PrivateHidden, Choice = true } : f)];

    /// <summary>The filing a check page's key already made, if any (a second press of the same button).</summary>
    public Task<Filing?> FiledWithAsync(Guid key, CancellationToken cancellationToken = default) =>
        db.Set<Filing>().AsNoTracking()
            .Where(f => f.Events.Any(e => e.IdempotencyKey == key))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>
    /// Files a new notice, or, with <paramref name="correcting"/>, files a returned one again with new entries (same
    /// receipt number). The same <paramref name="key"/> twice files once and answers with the first filing.
    /// </summary>
    public async Task<FilingOutcome> SubmitAsync(InstitutionAccess filer, FilingDraft draft, Guid key, long? correcting = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filer);
        ArgumentNullException.ThrowIfNull(draft);
        if (await FiledWithAsync(key, cancellationToken) is { } already)
        {
            return new FilingOutcome(already, null);
        }

        var code = filer.InstitutionCode;
        if (!filer.May(InstitutionRight.File, draft.Type))
        {
            return new FilingOutcome(null, NotYoursRefusal);
        }

        if (await PendingRegistrations.IsInstitutionPendingAsync(db, code, cancellationToken))
        {
            return new FilingOutcome(null, PendingRefusal);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        var outcome = await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await SubmitInTransactionAsync(filer, code, draft, key, correcting, cancellationToken);
                if (result.Filing is null)
                {
                    await transaction.RollbackAsync(cancellationToken);
                }
                else
                {
                    await transaction.CommitAsync(cancellationToken);
                }

                return result;
            }
            catch (DbUpdateException)
            {
                // A unique index said no: the same key (another tab pressed first), or another open filing.
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return new FilingOutcome(null, null);
            }
        });
        if (outcome is { Filing: null, Refusal: null })
        {
            return await FiledWithAsync(key, cancellationToken) is { } first
                ? new FilingOutcome(first, null)
                : new FilingOutcome(null, Ui.Text("受付中または差戻し中の{0}があります。マイページでその届出をご確認ください。", Ui.Text(draft.Type.Japanese())));
        }

        return outcome;
    }

    private async Task<FilingOutcome> SubmitInTransactionAsync(InstitutionAccess filer, string code, FilingDraft draft, Guid key, long? correcting, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var procedure = ProcedureCatalog.Of(draft.Type);

        // The procedure's rules count what the institution filed: checked under the procedure's lock, so that two
        // filings at once are checked one after the other.
        await receipts.LockAsync(draft.Type, cancellationToken);
        var context = await ContextAsync(code, draft, correcting, now, filer, cancellationToken);
        if (await procedure.RefusalAsync(context, cancellationToken) is { } refusal)
        {
            return new FilingOutcome(null, refusal);
        }

        Filing filing;
        FilingState? from;
        if (correcting is { } id)
        {
            var corrected = await db.Set<Filing>()
                .Where(f => f.Id == id && f.InstitutionCode == code && f.Type == draft.Type && f.State == FilingState.Returned)
                .ExecuteUpdateAsync(s => s.SetProperty(f => f.State, FilingState.Submitted), cancellationToken);
            if (corrected == 0)
            {
                return new FilingOutcome(null, "この届出は差戻し中ではないため、修正して提出することはできません。");
            }

            filing = await db.Set<Filing>().Include(f => f.Attachments).SingleAsync(f => f.Id == id, cancellationToken);
            filing.State = FilingState.Submitted;
            from = FilingState.Returned;
            // A document given again replaces its earlier files (their stored files go with them, in this
            // transaction); the documents not given again stay as they were filed.
            var replacedDocuments = (draft.Attachments ?? []).Select(a => a.Document).ToHashSet(StringComparer.Ordinal);
            foreach (var replaced in filing.Attachments.Where(a => replacedDocuments.Contains(a.Document)).ToList())
            {
                await attachments.RemoveAsync(replaced, cancellationToken);
                db.Set<FilingAttachment>().Remove(replaced);
                filing.Attachments.Remove(replaced);
            }
        }
        else
        {
            var master = await db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken);
            var parsed = InstitutionCode.Parse(code);
            filing = new Filing
            {
                Type = draft.Type,
                ReceiptNumber = await receipts.NextAsync(draft.Type, JapanTime.DayOf(now).Year, cancellationToken),
                InstitutionCode = code,
                Prefecture = parsed.Prefecture,
                Kind = parsed.Kind,
                InstitutionName = master?.Name ?? await InstitutionNames.OfAsync(db, code, cancellationToken),
                FiledByUserId = filer.Person.Id,
                SubmittedAt = now,
            };
            db.Set<Filing>().Add(filing);
            from = null;
        }

        filing.State = FilingState.Submitted;
        filing.UpdatedAt = now;
        filing.OpenKey = procedure.OpenKey(code, draft.Quantity);
        filing.Quantity = draft.Quantity;
        filing.EffectiveOn = draft.EffectiveOn;
        filing.Amount = draft.Amount;
        filing.Entries = privates.SealEntries(draft.Entries, draft.PrivateKeys ?? []);
        filing.Fields = FieldsJson(privates.SealFields(draft.Fields));
        filing.SuccessorCode = draft.SuccessorCode;
        filing.DeferralCategory = draft.DeferralCategory;
        filing.DeferralEndsOn = draft.DeferralEndsOn;
        foreach (var attachment in draft.Attachments ?? [])
        {
            if (!await attachments.CommitAsync(filer.Person.Id, attachment.FileId, cancellationToken))
            {
                // Replaced by a later check of the same account (another tab), or left a day and cleaned up.
                return new FilingOutcome(null, Ui.Text("添付書類「{0}」の保存期間が切れました。お手数ですが、もう一度添付してください。", attachment.FileName));
            }

            filing.Attachments.Add(new FilingAttachment
            {
                Document = attachment.Document,
                FileName = attachment.FileName,
                ContentType = attachment.ContentType,
                Length = attachment.Length,
                StoredName = attachment.FileId.ToString("N"),
                FileId = attachment.FileId,
                UploadedAt = now,
            });
        }

        filing.Events.Add(new FilingEvent { At = now, Actor = filer.Actor, From = from, To = FilingState.Submitted, IdempotencyKey = key });
        await db.SaveChangesAsync(cancellationToken);
        audit.Record(from is null ? "filing.submitted" : "filing.resubmitted", filer.Actor, code, new
        {
            filing.ReceiptNumber,
            type = draft.Type.ToString(),
            fields = Hidden(draft.Fields), // the audit is read by every operator, and kept longer than the filing's account is needed
            attachments = (draft.Attachments ?? []).Select(a => new { a.Document, a.FileName, a.ContentType, a.Length }),
        });
        // The receipt goes to whoever filed (it answers their press of the button); the outcomes, to the institution.
        outbox.Enqueue(FilingMails.Submitted(filer.Person.Email!, filing, draft.Fields, mail.Value));
        await db.SaveChangesAsync(cancellationToken);
        return new FilingOutcome(filing, null);
    }

    /// <summary>What the procedure's rules see of a filing being made (or only asked about, with an empty draft).</summary>
    public async Task<ProcedureContext> ContextAsync(string code, FilingDraft? draft, long? correcting, DateTimeOffset now, InstitutionAccess? filer, CancellationToken cancellationToken = default)
    {
        var values = draft?.Values
            ?? (draft?.SuccessorCode is { } successor ? new Dictionary<string, string> { [nameof(SuccessionEntries.NewCode)] = successor } : new Dictionary<string, string>());
        return new ProcedureContext(db, services, code, await queries.CodesOfAsync(code, cancellationToken), values, draft?.Quantity, draft?.EffectiveOn, correcting, now, filer, filer?.Actor ?? string.Empty);
    }

    /// <summary>取下げ: a person who may file the procedure takes back a filing the operator has not decided yet.</summary>
    public async Task<string?> WithdrawAsync(InstitutionAccess filer, long filingId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filer);
        var types = filer.FilableProcedures.ToList();
        return await ChangeAsync(filingId, filer.Actor, byOperator: false, FilingState.Withdrawn, string.Empty,
            f => f.InstitutionCode == filer.InstitutionCode && types.Contains(f.Type) && (f.State == FilingState.Submitted || f.State == FilingState.Returned),
            "この届出は取り下げできません（受理済み、取下げ済み、またはほかの医療機関等の届出です）。",
            null,
            cancellationToken);
    }

    /// <summary>受理. For a succession the account moves to the new code in the same transaction.</summary>
    public Task<string?> AcceptAsync(long filingId, string operatorLogin, CancellationToken cancellationToken = default) =>
        ChangeAsync(filingId, operatorLogin, byOperator: true, FilingState.Accepted, string.Empty,
            f => f.State == FilingState.Submitted,
            "この届出は受付の状態ではないため、受理できません。",
            async (filing, now) =>
            {
                var context = new ProcedureContext(db, services, filing.InstitutionCode, new HashSet<string> { filing.InstitutionCode }, new Dictionary<string, string>(), filing.Quantity, filing.EffectiveOn, null, now, null, operatorLogin);
                return await ProcedureCatalog.Of(filing.Type).AcceptedAsync(context, filing, cancellationToken);
            },
            cancellationToken);

    /// <summary>
    /// A step after 受理 (<see cref="Procedure.Fulfilments"/>): 発送済 with its tracking number, 発行済 by the operator;
    /// 到着確認 by a person of the institution who may file the procedure (<paramref name="filer"/>).
    /// </summary>
    public async Task<string?> FulfilAsync(long filingId, FilingState to, string actor, InstitutionAccess? filer, string? note, CancellationToken cancellationToken = default)
    {
        var filing = await db.Set<Filing>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == filingId, cancellationToken);
        var step = filing is null ? null : ProcedureCatalog.Of(filing.Type).Fulfilments.FirstOrDefault(f => f.From == filing.State && f.To == to);
        if (filing is null || step is null || step.ByOperator != (filer is null))
        {
            return "この手続きは、いまの状態ではこの操作ができません。";
        }

        if (filer is not null && (!filer.May(InstitutionRight.File, filing.Type) || !(await queries.CodesOfAsync(filer.InstitutionCode, cancellationToken)).Contains(filing.InstitutionCode)))
        {
            return NotYoursRefusal;
        }

        note = TextNormalization.Text(note);
        if (step.NoteLabel is { } label && note.Length == 0)
        {
            return Ui.Text("{0}を入力してください。", Ui.Text(label));
        }

        if (note.Length > step.NoteMaxLength)
        {
            return Ui.Text("{0}は{1}文字以内で入力してください（現在{2}文字）。", Ui.Text(step.NoteLabel ?? "備考"), step.NoteMaxLength, note.Length);
        }

        return await ChangeAsync(filingId, actor, byOperator: filer is null, to, note,
            f => f.State == step.From,
            "この手続きは、いまの状態ではこの操作ができません。",
            async (changed, now) =>
            {
                var context = new ProcedureContext(db, services, changed.InstitutionCode, new HashSet<string> { changed.InstitutionCode }, new Dictionary<string, string>(), changed.Quantity, changed.EffectiveOn, null, now, filer, actor);
                return await ProcedureCatalog.Of(changed.Type).FulfilledAsync(context, changed, step, cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>
    /// 差戻し with the operator's reason, which the institution reads in the mail and on its filing, and the named
    /// documents the operator found wrong (<paramref name="documents"/>, ids of the procedure's form), which the
    /// correction must replace.
    /// </summary>
    public Task<string?> ReturnAsync(long filingId, string operatorLogin, string reason, IReadOnlyCollection<string>? documents = null, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(reason)
            ? Task.FromResult<string?>("差戻しの理由を入力してください。")
            : ChangeAsync(filingId, operatorLogin, byOperator: true, FilingState.Returned, reason.Trim(),
                f => f.State == FilingState.Submitted,
                "この届出は受付の状態ではないため、差し戻せません。",
                null,
                cancellationToken,
                ProcedureDocuments.Format(documents ?? []));

    /// <summary>不交付: the operator decides a subsidy claim in 受付 is not granted, with the reason the institution reads.</summary>
    public Task<string?> RefuseAsync(long filingId, string operatorLogin, string reason, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(reason)
            ? Task.FromResult<string?>("不交付の理由を入力してください。")
            : ChangeAsync(filingId, operatorLogin, byOperator: true, FilingState.Refused, reason.Trim(),
                f => f.Type == FilingType.SubsidyClaim && f.State == FilingState.Submitted,
                "この申請は受付の状態ではないため、不交付にできません。",
                null,
                cancellationToken);

    /// <summary>
    /// 交付額の変更: the reviewer sets the amount of a subsidy claim in 受付 (a cost the documents do not bear out), with
    /// the reason; the history keeps the amount before and after. Only down: more than the rules computed is never granted.
    /// </summary>
    public async Task<string?> ChangeAmountAsync(long filingId, string operatorLogin, long amount, string reason, CancellationToken cancellationToken = default)
    {
        reason = reason?.Trim() ?? string.Empty;
        if (reason.Length == 0)
        {
            return "交付額を変更する理由を入力してください。";
        }

        var filing = await db.Set<Filing>().AsNoTracking()
            .FirstOrDefaultAsync(f => f.Id == filingId && f.Type == FilingType.SubsidyClaim && f.State == FilingState.Submitted, cancellationToken);
        if (filing?.Amount is not { } before)
        {
            return "この申請は受付の状態ではないため、交付額を変更できません。";
        }

        var computed = await ComputedAmountAsync(filing, cancellationToken) ?? before;
        if (amount < 0 || amount > computed)
        {
            return Ui.Text("交付額は0円から規則で計算した額（{0}円）までで入力してください。", computed.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        }

        if (amount == before)
        {
            return "交付額が変わっていません。";
        }

        // Moved only from the amount that was read: two reviewers at once change it once.
        var now = clock.GetUtcNow();
        var changed = await db.Set<Filing>().Where(f => f.Id == filingId && f.State == FilingState.Submitted && f.Amount == before)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Amount, amount).SetProperty(f => f.UpdatedAt, now), cancellationToken);
        if (changed == 0)
        {
            return "ほかの担当者が先に変更しました。画面を開き直してください。";
        }

        db.Set<FilingEvent>().Add(new FilingEvent
        {
            FilingId = filingId,
            At = now,
            Actor = operatorLogin,
            ByOperator = true,
            From = FilingState.Submitted,
            To = FilingState.Submitted,
            Reason = reason,
            AmountBefore = before,
            AmountAfter = amount,
        });
        audit.Record("filing.amount-changed", operatorLogin, filing.InstitutionCode, new { filing.ReceiptNumber, before, after = amount, reason });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>
    /// The amount the rules computed when the claim was last filed (or corrected): the amount before the first change
    /// since, or the amount itself when no reviewer changed it since.
    /// </summary>
    private async Task<long?> ComputedAmountAsync(Filing filing, CancellationToken cancellationToken)
    {
        var events = await db.Set<FilingEvent>().AsNoTracking().Where(e => e.FilingId == filing.Id).OrderBy(e => e.Id)
            .Select(e => new { e.To, e.AmountBefore, e.AmountAfter }).ToListAsync(cancellationToken);
        var filed = events.FindLastIndex(e => e.To == FilingState.Submitted && e.AmountAfter is null);
        return events.Skip(filed + 1).FirstOrDefault(e => e.AmountBefore is not null)?.AmountBefore ?? filing.Amount;
    }

    /// <summary>
    /// 振込不能: the bank could not pay an accepted subsidy claim; it goes back to 差戻し with the bank's reason (the
    /// institution corrects its account and files again), in the transaction of the batch's settlement.
    /// </summary>
    public Task<string?> ReturnPaymentAsync(long filingId, string actor, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(filingId, actor, byOperator: true, FilingState.Returned, reason,
            f => f.Type == FilingType.SubsidyClaim && f.State == FilingState.Accepted,
            "この補助金申請は受理の状態ではないため、差戻しにできません。",
            null,
            cancellationToken);

    private async Task<string?> ChangeAsync(
        long filingId,
        string actor,
        bool byOperator,
        FilingState to,
        string reason,
        System.Linq.Expressions.Expression<Func<Filing, bool>> allowed,
        string notAllowed,
        Func<Filing, DateTimeOffset, Task<string?>>? alsoDo,
        CancellationToken cancellationToken,
        string documents = "")
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            // Its own transaction, or the caller's (a batch's settlement moves several filings all or nothing).
            var joined = db.Database.CurrentTransaction is not null;
            await using var transaction = joined ? null : await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var filing = await db.Set<Filing>().Where(f => f.Id == filingId).Where(allowed).FirstOrDefaultAsync(cancellationToken);
            if (filing is null)
            {
                return notAllowed;
            }

            // The state moves only from the one that was read: two operators pressing at once decide once.
            var from = filing.State;
            var row = db.Set<Filing>().Where(f => f.Id == filingId && f.State == from);
            var moved = to == FilingState.Returned
                ? await row.ExecuteUpdateAsync(s => s.SetProperty(f => f.State, to).SetProperty(f => f.UpdatedAt, now), cancellationToken)
                : await row.ExecuteUpdateAsync(s => s.SetProperty(f => f.State, to).SetProperty(f => f.UpdatedAt, now).SetProperty(f => f.OpenKey, (string?)null), cancellationToken);
            if (moved == 0)
            {
                return notAllowed;
            }

            filing.State = to;
            if (alsoDo is not null && await alsoDo(filing, now) is { } refusal)
            {
                if (transaction is null)
                {
                    throw new InvalidOperationException("A change with its own refusal runs in its own transaction.");
                }

                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return refusal;
            }

            db.Set<FilingEvent>().Add(new FilingEvent { FilingId = filing.Id, At = now, Actor = actor, ByOperator = byOperator, From = from, To = to, Reason = reason, Documents = documents });
            audit.Record("filing." + to.ToString().ToLowerInvariant(), actor, filing.InstitutionCode, new { filing.ReceiptNumber, type = filing.Type.ToString(), from = from.ToString(), reason, documents });
            var form = services.GetRequiredService<IOptions<ProcedureOptions>>().Value.FormOf(filing.Type);
            // To the institution's people (where a succession took them, once accepted) and the vendor who filed it,
            // each in their own language, not in the operator's whose request this may be.
            await db.SaveChangesAsync(cancellationToken); // the people a succession just moved, where the query below finds them
            var institution = to == FilingState.Accepted && filing.SuccessorCode is { } successor ? successor : filing.InstitutionCode;
            foreach (var recipient in await InstitutionMail.RecipientsAsync(db, institution, MailTopics.Outcomes, filing.FiledByUserId, cancellationToken))
            {
                using (Languages.Use(recipient.Language))
                {
                    // The documents to replace follow the reason, in the recipient's language.
                    var told = documents.Length == 0 ? reason
                        : reason + "\n" + Ui.Text("差し替えが必要な書類: {0}", string.Join(Ui.Text("、"), ProcedureDocuments.Parse(documents).Select(d => Ui.Text(ProcedureDocuments.LabelOf(form, d)))));
                    outbox.Enqueue(FilingMails.Changed(recipient.Email, filing, to, told, mail.Value));
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return null;
        });
    }
}
