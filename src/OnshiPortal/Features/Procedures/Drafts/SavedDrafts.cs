using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Procedures.Drafts;

/// <summary>
/// 途中保存 of the engine's form (<see cref="SavedDraft"/>): always looked up by the signed-in institution's code and
/// the procedure, so there is no id to guess. Bounded so that nobody fills the disk with drafts: one per institution
/// and procedure, only the form's own fields (unknown names are dropped), each no longer than the field allows (the
/// choices and dates <see cref="MaxOtherLength"/>), <see cref="MaxTotalLength"/> characters in all. The private
/// fields are not kept at all (the bank account is typed again before filing), so nothing private lies in the
/// database in clear text for a month; drafts older than <see cref="DraftOptions.KeepDays"/> are gone.
/// </summary>
public sealed class SavedDrafts(PortalDbContext db, IOptions<ProcedureOptions> options, TimeProvider clock)
{
    /// <summary>The longest value kept for a field that is not free text (a choice, a date, a number).</summary>
    public const int MaxOtherLength = 200;

    /// <summary>The most characters a draft keeps, all its fields together.</summary>
    public const int MaxTotalLength = 20_000;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public DraftOptions Options => options.Value.Drafts;

    /// <summary>Saved on or before this instant: expired (treated as gone before the job deletes it).</summary>
    private DateTimeOffset ExpiredAt => clock.GetUtcNow().AddDays(-Options.KeepDays);

    /// <summary>The institution's drafts in force, newest first, with who saved each (named as <see cref="InstitutionAccess.Name"/> names a person).</summary>
    public async Task<IReadOnlyList<SavedDraftSummary>> OfInstitutionAsync(string institutionCode, CancellationToken cancellationToken)
    {
        var expired = ExpiredAt;
        var drafts = await (from d in db.Set<SavedDraft>().AsNoTracking()
                            join u in db.Users.AsNoTracking() on d.SavedBy equals u.Id
                            where d.InstitutionCode == institutionCode && d.SavedAt > expired
                            select new { d.Type, d.SavedAt, d.Version, u.DisplayName, u.Email, u.AccountOf })
            .ToListAsync(cancellationToken);
        return [.. drafts.OrderByDescending(d => d.SavedAt).Select(d => new SavedDraftSummary(
            d.Type, d.SavedAt, d.SavedAt.AddDays(Options.KeepDays), d.AccountOf is null && d.DisplayName.Length > 0 ? d.DisplayName : d.Email ?? string.Empty, d.Version))];
    }

    /// <summary>The institution's draft of a procedure, unless it expired.</summary>
    public Task<SavedDraft?> FindAsync(string institutionCode, FilingType type, CancellationToken cancellationToken)
    {
        var expired = ExpiredAt;
        return db.Set<SavedDraft>().AsNoTracking()
            .FirstOrDefaultAsync(d => d.InstitutionCode == institutionCode && d.Type == type && d.SavedAt > expired, cancellationToken);
    }

    /// <summary>The entries a draft keeps, by field id.</summary>
    public static Dictionary<string, string> ValuesOf(SavedDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return JsonSerializer.Deserialize<Dictionary<string, string>>(draft.Values, Json) ?? [];
    }

    /// <summary>
    /// Saves (or overwrites) the institution's draft of a procedure with the entries of the form's non-private
    /// fields; returns the errors by field id (<see cref="string.Empty"/> for the whole) and saves nothing when any
    /// entry is longer than a draft may keep.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(
        InstitutionAccess access, FilingType type, IEnumerable<ProcedureField> fields, IReadOnlyDictionary<string, string?> entered, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(entered);
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in fields.Where(f => !f.Private))
        {
            var value = entered.TryGetValue(field.Id, out var v) ? v ?? string.Empty : string.Empty;
            var limit = field.Type is FieldType.Text or FieldType.LongText ? Math.Max(field.MaxLength, 1) : MaxOtherLength;
            if (value.Length > limit)
            {
                errors[field.Id] = Ui.Text("{0}は{1}文字以内で入力してください（現在{2}文字）。", Ui.Text(field.Label), limit, value.Length);
                continue;
            }

            kept[field.Id] = value;
        }

        if (errors.Count == 0 && kept.Values.Sum(v => v.Length) > MaxTotalLength)
        {
            errors[string.Empty] = "入力が長すぎるため、途中保存できません。";
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var values = JsonSerializer.Serialize(kept, Json);
        var now = clock.GetUtcNow();
        for (var attempt = 0; ; attempt++)
        {
            db.ChangeTracker.Clear();
            var draft = await db.Set<SavedDraft>().FirstOrDefaultAsync(d => d.InstitutionCode == access.InstitutionCode && d.Type == type, cancellationToken);
            if (draft is null)
            {
                draft = new SavedDraft { InstitutionCode = access.InstitutionCode, Type = type, SavedBy = access.Person.Id, Values = values, Version = string.Empty };
                db.Add(draft);
            }

            draft.SavedBy = access.Person.Id;
            draft.Values = values;
            draft.Version = Guid.NewGuid().ToString("N");
            draft.SavedAt = now;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return errors;
            }
            catch (DbUpdateException e) when (attempt == 0 && DatabaseErrors.IsUniqueViolation(e))
            {
                // A colleague's save of the same procedure made the row at the same moment: this one overwrites it.
            }
        }
    }

    /// <summary>Deletes the institution's draft of a procedure; false when it had none.</summary>
    public async Task<bool> DeleteAsync(string institutionCode, FilingType type, CancellationToken cancellationToken) =>
        await db.Set<SavedDraft>().Where(d => d.InstitutionCode == institutionCode && d.Type == type).ExecuteDeleteAsync(cancellationToken) > 0;

    /// <summary>
    /// Deletes the institution's draft of a procedure only if it is still the version the person confirmed to delete:
    /// a draft is the institution's, and a colleague who saved it again after the person's page was shown would
    /// otherwise lose that work to a delete meant for the older one.
    /// </summary>
    public async Task<DraftDeletion> DeleteAsync(string institutionCode, FilingType type, string? version, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(version)
            && await db.Set<SavedDraft>().Where(d => d.InstitutionCode == institutionCode && d.Type == type && d.Version == version).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            return DraftDeletion.Deleted;
        }

        return await FindAsync(institutionCode, type, cancellationToken) is null ? DraftDeletion.None : DraftDeletion.Changed;
    }

    /// <summary>Deletes the drafts older than <see cref="DraftOptions.KeepDays"/>, a batch at a time; how many.</summary>
    public Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var expired = ExpiredAt;
        return Batches.DeleteAsync(db.Set<SavedDraft>().Where(d => d.SavedAt <= expired).OrderBy(d => d.Id), cancellationToken);
    }
}

/// <summary>A draft as マイページ lists it.</summary>
public sealed record SavedDraftSummary(FilingType Type, DateTimeOffset SavedAt, DateTimeOffset DeletedAfter, string SavedBy, string Version);

/// <summary>What a confirmed delete of a draft did.</summary>
public enum DraftDeletion
{
    /// <summary>The confirmed version is gone.</summary>
    Deleted,

    /// <summary>Saved again since the page was shown (or no version was confirmed): kept.</summary>
    Changed,

    /// <summary>There is no draft to delete.</summary>
    None,
}
