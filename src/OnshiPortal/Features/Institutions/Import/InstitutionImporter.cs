using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions.Search;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Institutions.Import;

public sealed record ImportRequest(string FileName, string EncodingName, bool Full, string RunBy);

public sealed record ImportResult(long RunId, int Rows, int Added, int Changed, int Unchanged, int Closed);

/// <summary>A phase of an import and how far it got, for the command line's progress bar.</summary>

/// <summary>
/// Upserts the master by code in one transaction: everything or nothing. Every change is written as a
/// revision (old and new value of each field), so an import never overwrites silently.
/// </summary>
public sealed class InstitutionImporter(PortalDbContext db, TimeProvider clock)
{
    public async Task<ImportResult> ImportAsync(
        IReadOnlyList<InstitutionRecord> records,
        ImportRequest request,
        IProgress<WorkProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        // Before the master is read: the comparison must see the master as no other import is changing it.
        await using var importLock = await ImportLock.TryTakeAsync(db, cancellationToken) ?? throw new ImportRunningException();
        var started = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(started.UtcDateTime.AddHours(9)); // 廃止日 is a Japanese calendar date.

        progress?.Report(new WorkProgress("比較", 0, records.Count));
        var plan = await PlanAsync(records, request.Full, today, started, request.RunBy, progress, cancellationToken);
        progress?.Report(new WorkProgress("比較", records.Count, records.Count));

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

            // New rows are made as they are written, not held: a first import of the national master is 250,000
            // institutions and as many revisions.
            var total = plan.Added.Count + plan.Changed.Count * 2;
            void Report(int offset, int done) => progress?.Report(new WorkProgress("書込", offset + done, total));
            var institutions = new BulkWriter<Institution>(db);
            var revisionWriter = new BulkWriter<InstitutionRevision>(db);
            // A server database's other readers would wait on a dropped index's lock: there only into an empty master.
            var load = plan.Added.Count >= LargeLoad && (db.Database.IsSqlite() || plan.MasterRows == 0);
            var institutionIndexes = load ? await institutions.DropIndexesForLoadAsync(cancellationToken) : [];
            // The name index of a large load on SQLite: in one statement after the rows rather than a trigger's per row.
            var searchIndexLoad = load && await SqliteSearchIndex.SuspendForLoadAsync(db, cancellationToken);

            var added = plan.Added.Select(i =>
            {
                var institution = records[i].ToInstitution(started);
                institution.CreatedByImportRunId = run.Id;
                return institution;
            });
            await institutions.InsertAsync(added, n => Report(0, n), cancellationToken);
            if (searchIndexLoad)
            {
                await SqliteSearchIndex.IndexLoadedAsync(db, run.Id, cancellationToken);
            }

            await institutions.UpdateAsync(plan.Changed, UpdatedColumns, n => Report(plan.Added.Count, n), cancellationToken);
            await institutions.UpdateAsync(plan.Rehashed, [nameof(Institution.ImportRowHash)], null, cancellationToken);
            foreach (var revision in plan.Revisions)
            {
                revision.ImportRunId = run.Id;
            }

            await revisionWriter.InsertAsync(plan.Revisions, n => Report(plan.Added.Count + plan.Changed.Count, n), cancellationToken);
            progress?.Report(new WorkProgress("索引", 0, 1));
            await institutions.RestoreIndexesAsync(institutionIndexes, cancellationToken);
            progress?.Report(new WorkProgress("索引", 1, 1));
            if (plan.Added.Count > 0)
            {
                await Dashboard.InstitutionSteps.AddedByImportAsync(db, run.Id, cancellationToken);
            }

            run.FinishedAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ImportResult(run.Id, records.Count, plan.Added.Count, plan.ChangedRows, plan.Unchanged, plan.Closed);
        });
    }

    /// <summary>From this many new rows on, indexes are built after the load rather than row by row.</summary>
    private const int LargeLoad = 20_000;

    private static readonly string[] UpdatedColumns =
    [
        nameof(Institution.Name), nameof(Institution.NameKana), nameof(Institution.Founder), nameof(Institution.Manager),
        nameof(Institution.PostalCode), nameof(Institution.Address), nameof(Institution.Phone), nameof(Institution.PhoneDigits), nameof(Institution.SearchText),
        nameof(Institution.OpenedOn), nameof(Institution.ClosedOn), nameof(Institution.PredecessorCode), nameof(Institution.Beds), nameof(Institution.Status), nameof(Institution.UpdatedAt),
        nameof(Institution.ImportRowHash),
    ];

    private sealed class ImportPlan
    {
        /// <summary>Indexes into the file's records, in code order (the key's order: appends, not page splits).</summary>
        public List<int> Added { get; } = [];

        public List<Institution> Changed { get; } = [];

        /// <summary>Revisions of the changed and closed institutions (those of new ones are made while writing).</summary>
        public List<InstitutionRevision> Revisions { get; } = [];

        public int Unchanged { get; set; }

        /// <summary>Unchanged rows whose fingerprint is written anew (none, or not the fields'): only that column.</summary>
        public List<Institution> Rehashed { get; } = [];

        /// <summary>Rows the master had before this import.</summary>
        public int MasterRows { get; set; }

        /// <summary>Rows of the file that change an institution without closing it.</summary>
        public int ChangedRows { get; set; }

        /// <summary>Institutions this import closes: given a 廃止日, or absent from a full master.</summary>
        public int Closed { get; set; }
    }

    /// <summary>The master's code, fingerprint, beds and status of every row, in the table's order.</summary>
    /// <remarks>
    /// A plain reader, not an EF query: in a one-off `institutions import` the query's translation and its compiled
    /// materialiser, cold, and a materialised row per institution were most of an unchanged re-import's second on
    /// one core (docs/benchmarks.md). The column names are the model's; the enum is stored as its number.
    /// </remarks>
    private async IAsyncEnumerable<(string Code, long? ImportRowHash, int? Beds, InstitutionStatus Status)> MasterRowsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = """SELECT "Code", "ImportRowHash", "Beds", "Status" FROM "Institutions" """;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                yield return (
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : reader.GetInt32(2),
                    (InstitutionStatus)reader.GetInt32(3));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// Compares the file with the master. Only each row's code, fingerprint (<see cref="InstitutionRowHash"/>), beds
    /// and status are read: a row whose fingerprint is the file's is unchanged at the cost of that read. The rows
    /// whose fingerprint differs, or that have none yet, are read whole and compared field by field, as are those a
    /// full master closes. Only the file's records, an index of them by code, and the rows that will be written are
    /// held in memory.
    /// </summary>
    private async Task<ImportPlan> PlanAsync(
        IReadOnlyList<InstitutionRecord> records,
        bool full,
        DateOnly today,
        DateTimeOffset now,
        string runBy,
        IProgress<WorkProgress>? progress,
        CancellationToken cancellationToken)
    {
        var plan = new ImportPlan();
        var byCode = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            byCode[records[i].Code.Value] = i; // codes are unique: the CSV reader refuses duplicates
        }

        // The file's fingerprints (every row's when the file gives the beds, as a national master does) on another
        // core while this thread reads the master's, from its first row that the file has (none into an empty master):
        // an unchanged re-import's comparison ran on one core.
        Task<long?[]>? fileHashes = null;
        var matched = new List<(int Index, long? Stored, int? Beds)>(records.Count);
        var known = new bool[records.Count];
        var toCompare = new List<string>();
        var toClose = new HashSet<string>(StringComparer.Ordinal);
        var compared = 0;
        await foreach (var current in MasterRowsAsync(cancellationToken))
        {
            plan.MasterRows++;
            if (byCode.TryGetValue(current.Code, out var index))
            {
                known[index] = true;
                fileHashes ??= Task.Run(() => records.Select(r => r.HasBeds ? InstitutionRowHash.Of(r, r.Beds) : (long?)null).ToArray(), cancellationToken);
                matched.Add((index, current.ImportRowHash, current.Beds));
            }
            else if (full && current.Status == InstitutionStatus.Active)
            {
                toClose.Add(current.Code);
            }

            if (++compared % 10_000 == 0)
            {
                progress?.Report(new WorkProgress("比較", Math.Min(compared, records.Count), records.Count));
            }
        }

        var hashes = fileHashes is null ? [] : await fileHashes;
        foreach (var (index, stored, beds) in matched)
        {
            if (stored == (hashes[index] ?? InstitutionRowHash.Of(records[index], beds)))
            {
                plan.Unchanged++;
            }
            else
            {
                toCompare.Add(records[index].Code.Value);
            }
        }

        foreach (var chunk in toCompare.Concat(toClose).Chunk(1000))
        {
            var rows = await db.Institutions.AsNoTracking().Where(i => chunk.Contains(i.Code)).ToListAsync(cancellationToken);
            foreach (var current in rows)
            {
                if (toClose.Contains(current.Code))
                {
                    Close(plan, current, today, now, runBy);
                }
                else
                {
                    Compare(plan, current, records[byCode[current.Code]], now, runBy);
                }
            }
        }

        for (var i = 0; i < records.Count; i++)
        {
            if (!known[i])
            {
                plan.Added.Add(i);
            }
        }

        // By the code's number: ten digits, so the same order as the text's, without comparing 250,000 strings.
        var keys = plan.Added.Select(i => long.Parse(records[i].Code.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var added = plan.Added.ToArray();
        Array.Sort(keys, added);
        plan.Added.Clear();
        plan.Added.AddRange(added);
        return plan;
    }

    private static void Compare(ImportPlan plan, Institution current, InstitutionRecord record, DateTimeOffset now, string runBy)
    {
        var changes = InstitutionMapping.Differences(current, record);
        if (changes.Count == 0)
        {
            plan.Unchanged++;
            current.ImportRowHash = InstitutionRowHash.Of(current);
            plan.Rehashed.Add(current); // the same fields, no fingerprint yet (or another writer's change undone)
            return;
        }

        var next = record.ToInstitution(now);
        if (!record.HasBeds)
        {
            next.Beds = current.Beds; // a file without the 病床数 column says nothing about the beds
        }

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

        next.ImportRowHash = InstitutionRowHash.Of(next);
        plan.Changed.Add(next);
        plan.Revisions.Add(Revision(current.Code, kind, InstitutionMapping.ToJson(changes), now, runBy));
    }

    /// <summary>Absent from a full master: the institution is closed as of today.</summary>
    private static void Close(ImportPlan plan, Institution current, DateOnly today, DateTimeOffset now, string runBy)
    {
        var changes = new Dictionary<string, string?[]>
        {
            [nameof(Institution.Status)] = [current.Status.ToString(), nameof(InstitutionStatus.Closed)],
            [nameof(Institution.ClosedOn)] = [null, today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)],
        };
        current.Status = InstitutionStatus.Closed;
        current.ClosedOn = today;
        current.UpdatedAt = now;
        current.ImportRowHash = InstitutionRowHash.Of(current);
        plan.Changed.Add(current);
        plan.Revisions.Add(Revision(current.Code, RevisionKind.Closed, InstitutionMapping.ToJson(changes), now, runBy));
        plan.Closed++;
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
