using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Procedures;

/// <summary>
/// One 手続き, described once: its names, its receipt letter, where it sits on the road to 運用開始, its rules beyond
/// the fields (which are configuration, <see cref="ProcedureOptions"/>), the steps after 受理 and what 受理 does. The
/// filing's life (file, correct, withdraw, accept, return, audit, mails, 控え) is <see cref="FilingService"/>'s, the
/// same for every procedure; a new procedure is a subclass in its own folder, its fields in appsettings.json and a
/// line in <see cref="ProcedureCatalog"/>.
/// </summary>
public abstract class Procedure
{
    public abstract FilingType Type { get; }

    /// <summary>The receipt number's letter (A-2026-000001).</summary>
    public abstract string Prefix { get; }

    /// <summary>The URL segment: /mypage/procedures/{slug}, /operator/filings/{slug}.</summary>
    public abstract string Slug { get; }

    /// <summary>The short Japanese name (利用申請), also the key of its English in Ui.en.resx.</summary>
    public abstract string Name { get; }

    /// <summary>The form's full title.</summary>
    public abstract string Title { get; }

    /// <summary>The names in English mails, which have no localizer (the pages look <see cref="Name"/> up instead).</summary>
    public abstract string EnglishName { get; }

    public abstract string EnglishTitle { get; }

    /// <summary>What the procedure is for, one sentence on マイページ.</summary>
    public virtual string Description => string.Empty;

    /// <summary>
    /// Filed on the engine's form (<c>/mypage/procedures/{slug}</c>) from the configured fields. The succession and
    /// deferral notices predate the engine and keep forms of their own (they share its field rules).
    /// </summary>
    public virtual bool UsesEngineForm => true;

    /// <summary>Where the institution's own form lives.</summary>
    public virtual string FormPath => $"/mypage/procedures/{Slug}";

    /// <summary>
    /// The deadline institutions are reminded of (<see cref="Reminders.DeadlineReminders"/>), with who still has to
    /// file; null for a procedure without one. Read from configuration on each run, so a changed deadline counts.
    /// </summary>
    public virtual Reminders.DeadlineReminder? Reminder(IServiceProvider services) => null;

    /// <summary>The steps after 受理 (発送済, 到着確認, 発行済), in order.</summary>
    public virtual IReadOnlyList<Fulfilment> Fulfilments => [];

    /// <summary>
    /// The key that keeps one open filing (受付 or 差戻し) per institution and procedure; a procedure filed once per
    /// thing (a terminal) keys it by the thing too.
    /// </summary>
    public virtual string OpenKey(string institutionCode, int? quantity) => Filing.OpenKeyFor(institutionCode, Type);

    /// <summary>
    /// Why the institution cannot file this now (ordering, limits), in plain Japanese; null when it can. Asked by the
    /// form to say so before anything is entered, and again inside the filing's transaction under the procedure's
    /// lock (<see cref="ReceiptNumbers.LockAsync"/>), so two people filing at once cannot both pass a limit.
    /// </summary>
    public virtual Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>What the form offers before anything is entered: the master's address for a delivery, for example.</summary>
    public virtual Task<Dictionary<string, string>> DefaultsAsync(ProcedureContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Which of the form's documents (<see cref="ProcedureForm.Documents"/>) the entries make required: the configured
    /// flag, unless the procedure's rules decide from the entries and what they computed (the subsidy's rules ask for
    /// 事業完了報告書 only where the work it reports was claimed). Asked when the check page is made and again when it
    /// is confirmed; <paramref name="computation"/> is <see cref="ProcedureComputation.None"/> before the entries are checked.
    /// </summary>
    public virtual IReadOnlyList<ProcedureDocument> RequiredDocuments(IReadOnlyList<ProcedureDocument> documents, IReadOnlyDictionary<string, string> values, ProcedureComputation computation)
    {
        ArgumentNullException.ThrowIfNull(computation);
        return computation.RequiredDocuments is { } required
            ? [.. documents.Where(d => required.Contains(d.Id))]
            : [.. documents.Where(d => d.Required)];
    }

    /// <summary>
    /// Rules across the checked fields, after each field's own (<see cref="ProcedureFields.Check"/>): errors by field
    /// id, and the entries rewritten as they are kept (an account holder's name in the bank's カナ).
    /// </summary>
    public virtual void Check(FieldCheck check)
    {
    }

    /// <summary>
    /// What the procedure computes from valid entries (the subsidy from its rules): lines shown on the check page and
    /// kept with the filing, an amount for <see cref="Filing.Amount"/>, or why it cannot be filed.
    /// </summary>
    public virtual Task<ProcedureComputation> ComputeAsync(ProcedureContext context, CancellationToken cancellationToken) =>
        Task.FromResult(ProcedureComputation.None);

    /// <summary>The count and the date the filing puts in columns (<see cref="Filing.Quantity"/>, <see cref="Filing.EffectiveOn"/>), from its checked entries.</summary>
    public virtual (int? Quantity, DateOnly? EffectiveOn) Columns(IReadOnlyDictionary<string, string> values) => (null, null);

    /// <summary>What 受理 means for the institution, in the acceptance mail (Japanese; the mail looks its English up).</summary>
    public virtual string Outcome(Filing filing) => string.Empty;

    /// <summary>What 受理 does besides the state, in the acceptance's transaction; a refusal rolls it all back.</summary>
    public virtual Task<string?> AcceptedAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>What a fulfilment step does besides the state (a certificate's notice queued for the post).</summary>
    public virtual Task<string?> FulfilledAsync(ProcedureContext context, Filing filing, Fulfilment step, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>
/// A step after 受理: from which state to which, who takes it (the operator, or the institution), and the note it
/// asks for (the tracking number of a shipment).
/// </summary>
/// <param name="Action">The button, e.g. 発送済にする.</param>
/// <param name="NoteLabel">The note's label, or null when the step asks for none.</param>
public sealed record Fulfilment(FilingState From, FilingState To, bool ByOperator, string Action, string? NoteLabel = null, int NoteMaxLength = 50);

/// <summary>What a procedure's rules and hooks see: the database, the services, the institution, the entries, the time.</summary>
/// <param name="Codes">The institution's code and the codes a succession brought to it (their procedures count as its own).</param>
/// <param name="Values">The checked entries (empty when the form only asks whether it may be filed).</param>
/// <param name="Correcting">The returned filing being corrected, which the rules must not count against itself.</param>
public sealed record ProcedureContext(
    PortalDbContext Db,
    IServiceProvider Services,
    string InstitutionCode,
    IReadOnlySet<string> Codes,
    IReadOnlyDictionary<string, string> Values,
    int? Quantity,
    DateOnly? EffectiveOn,
    long? Correcting,
    DateTimeOffset Now,
    InstitutionAccess? Filer,
    string Actor)
{
    /// <summary>The institution's filings of a procedure (under its codes), the one being corrected left out.</summary>
    public IQueryable<Filing> Filings(FilingType type)
    {
        var codes = Codes.ToList();
        var query = Db.Set<Filing>().Where(f => f.Type == type && codes.Contains(f.InstitutionCode));
        return Correcting is { } id ? query.Where(f => f.Id != id) : query;
    }

    /// <summary>The latest accepted 利用申請 (the terminals it planned, when it was filed), if any.</summary>
    public Task<Filing?> AcceptedServiceApplicationAsync(CancellationToken cancellationToken) =>
        Filings(FilingType.ServiceApplication).Where(f => f.State == FilingState.Accepted)
            .OrderByDescending(f => f.UpdatedAt).ThenByDescending(f => f.Id).FirstOrDefaultAsync(cancellationToken);
}
