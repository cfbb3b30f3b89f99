using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Import;

public sealed record ImportRequest(string FileName, string EncodingName, bool Full, string RunBy);

public sealed record ImportResult(long RunId, int Rows, int Added, int Changed, int Unchanged, int Closed);

/// <summary>A phase of an import and how far it got, for the command line's progress bar.</summary>
public sealed record ImportProgress(string Phase, int Done, int Total);

/// <summary>
/// Upserts the master by code in one transaction: everything or nothing. Every change is written as a
/// revision (old and new value of each field), so an import never overwrites silently.
/// </summary>
public sealed class InstitutionImporter(PortalDbContext db, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(
        IReadOnlyList<InstitutionRecord> records,
        ImportRequest request,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var started = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(started.UtcDateTime.AddHours(9)); // 廃止日 is a Japanese calendar date.

        progress?.Report(new ImportProgress("読込", 0, records.Count));
        var existing = await db.Institutions.AsNoTracking().ToDictionaryAsync(i => i.Code, StringComparer.Ordinal, cancellationToken);

        var plan = Plan(records, existing, request.Full, today, started, request.RunBy);
        progress?.Report(new ImportProgress("比較", records.Count, records.Count));

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var run = new ImportRun
            {
                StartedAt = started,
                FileName = request.FileName,
                Encoding = request.EncodingName,
                Full = request.Full,
                RunBy = request.RunBy,
                Rows = records.Count,
                Added = plan.Added.Count,
                Changed = plan.ChangedRows,
                Unchanged = plan.Unchanged,
                Closed = plan.Closed,
                FinishedAt = started,
            };
            db.ImportRuns.Add(run);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var revision in plan.Revisions)
            {
                revision.ImportRunId = run.Id;
            }

            var total = plan.Added.Count + plan.Changed.Count + plan.Revisions.Count;
            var institutions = new BulkWriter<Institution>(db);
            await institutions.InsertAsync(plan.Added, n => progress?.Report(new ImportProgress("書込", n, total)), cancellationToken);
            await institutions.UpdateAsync(plan.Changed, UpdatedColumns, n => progress?.Report(new ImportProgress("書込", plan.Added.Count + n, total)), cancellationToken);
            var offset = plan.Added.Count + plan.Changed.Count;
            await new BulkWriter<InstitutionRevision>(db).InsertAsync(plan.Revisions, n => progress?.Report(new ImportProgress("書込", offset + n, total)), cancellationToken);

            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ImportResult(run.Id, records.Count, plan.Added.Count, plan.ChangedRows, plan.Unchanged, plan.Closed);
        });
    }

    private static readonly string[] UpdatedColumns =
    [
        nameof(Institution.Name), nameof(Institution.NameKana), nameof(Institution.Founder), nameof(Institution.Manager),
        nameof(Institution.PostalCode), nameof(Institution.Address), nameof(Institution.Phone), nameof(Institution.PhoneDigits),
        nameof(Institution.OpenedOn), nameof(Institution.ClosedOn), nameof(Institution.Status), nameof(Institution.UpdatedAt),
    ];

    private sealed class ImportPlan
    {
        public List<Institution> Added { get; } = [];

        public List<Institution> Changed { get; } = [];

        public List<InstitutionRevision> Revisions { get; } = [];

        public int Unchanged { get; set; }

        /// <summary>Rows of the file that change an institution without closing it.</summary>
        public int ChangedRows { get; set; }

        /// <summary>Institutions this import closes: given a 廃止日, or absent from a full master.</summary>
        public int Closed { get; set; }
    }

    private static ImportPlan Plan(
        IReadOnlyList<InstitutionRecord> records,
        Dictionary<string, Institution> existing,
        bool full,
        DateOnly today,
        DateTimeOffset now,
        string runBy)
    {
        var plan = new ImportPlan();
        var seen = full ? new HashSet<string>(records.Count, StringComparer.Ordinal) : null;
        foreach (var record in records)
        {
            var code = record.Code.Value;
            seen?.Add(code);
            if (!existing.TryGetValue(code, out var current))
            {
                plan.Added.Add(record.ToInstitution(now));
                plan.Revisions.Add(Revision(code, RevisionKind.Created, string.Empty, now, runBy));
                continue;
            }

            var changes = InstitutionMapping.Differences(current, record);
            if (changes.Count == 0)
            {
                plan.Unchanged++;
                continue;
            }

            var next = record.ToInstitution(now);
            var kind = RevisionKind.Changed;
            if (current.Status == InstitutionStatus.Succeeded)
            {
                next.Status = InstitutionStatus.Succeeded; // succession is decided by a filing, not by the master file
            }
            else if (current.ClosedOn is null && record.ClosedOn is not null)
            {
                kind = RevisionKind.Closed;
                plan.Closed++;
            }
            else if (current.Status == InstitutionStatus.Closed && record.ClosedOn is null)
            {
                kind = RevisionKind.Reopened;
            }

            if (next.Status != current.Status)
            {
                changes[nameof(Institution.Status)] = [current.Status.ToString(), next.Status.ToString()];
            }

            if (kind != RevisionKind.Closed)
            {
                plan.ChangedRows++;
            }

            plan.Changed.Add(next);
            plan.Revisions.Add(Revision(code, kind, InstitutionMapping.ToJson(changes), now, runBy));
        }

        if (seen is not null)
        {
            foreach (var current in existing.Values)
            {
                if (current.Status != InstitutionStatus.Active || seen.Contains(current.Code))
                {
                    continue;
                }

                var changes = new Dictionary<string, string?[]>
                {
                    [nameof(Institution.Status)] = [current.Status.ToString(), nameof(InstitutionStatus.Closed)],
                    [nameof(Institution.ClosedOn)] = [null, today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
                };
                current.Status = InstitutionStatus.Closed;
                current.ClosedOn = today;
                current.UpdatedAt = now;
                plan.Changed.Add(current);
                plan.Revisions.Add(Revision(current.Code, RevisionKind.Closed, InstitutionMapping.ToJson(changes), now, runBy));
                plan.Closed++;
            }
        }

        return plan;
    }

    private static InstitutionRevision Revision(string code, RevisionKind kind, string changes, DateTimeOffset now, string by) => new()
    {
        InstitutionCode = code,
        Kind = kind,
        Changes = changes,
        ChangedAt = now,
        ChangedBy = by,
    };
}
