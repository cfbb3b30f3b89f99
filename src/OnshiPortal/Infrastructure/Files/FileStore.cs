using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Infrastructure.Files;

/// <summary>
/// Files kept in the portal's database, so that every node serves every file and no node needs a shared disk.
/// Content is stored in chunks of <see cref="ChunkSize"/> bytes, written and read one chunk at a time: a file is
/// never held whole in memory, on SQLite or PostgreSQL.
/// <para>
/// A write first makes an incomplete row, then commits each chunk on its own (a short transaction each, so a large
/// file never holds SQLite's write lock for long), and last marks the file completed with its length and SHA-256.
/// Readers see completed files only, so a write is atomic for them; an interrupted write (a node killed) stays
/// incomplete and is removed by housekeeping (<see cref="AbandonedFileCleanup"/>). A read checks the SHA-256 before it
/// hands out the last chunk and fails loudly (<see cref="InvalidDataException"/>) on a mismatch.
/// </para>
/// <para>
/// Registered as a singleton and holds no database context: each call opens its own scope (its own context and
/// connection), so several threads may save at once, e.g. the campaign export rendering files in parallel. The
/// access rules are the callers': a file id is a random Guid, but who may read which file is decided by the feature
/// that owns the area before it calls <see cref="OpenReadAsync"/>.
/// </para>
/// </summary>
public sealed class FileStore(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>256 KiB: few rows per file, small enough that a chunk is a short statement and little memory.</summary>
    public const int ChunkSize = 256 * 1024;

    /// <summary>Chunks deleted per statement: a large file is removed without one long write.</summary>
    private const int DeleteBatch = 32;

    public Task<StoredFileInfo> SaveAsync(string area, string name, string contentType, Stream content, CancellationToken cancellationToken = default) =>
        SaveAsync(Guid.NewGuid(), area, name, contentType, content, owner: null, cancellationToken);

    /// <summary>As <see cref="SaveAsync(string, string, string, Stream, CancellationToken)"/>, the file kept apart for <paramref name="owner"/> within its area.</summary>
    public Task<StoredFileInfo> SaveAsync(string area, string name, string contentType, Stream content, string? owner, CancellationToken cancellationToken) =>
        SaveAsync(Guid.NewGuid(), area, name, contentType, content, owner, cancellationToken);

    /// <summary>
    /// Stores <paramref name="content"/> (read sequentially to its end) under a given id: the import of files from an
    /// earlier version keeps the id their rows already imply, so that a rerun finds what the last run stored.
    /// </summary>
    public async Task<StoredFileInfo> SaveAsync(Guid id, string area, string name, string contentType, Stream content, string? owner, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrEmpty(contentType);
        ArgumentNullException.ThrowIfNull(content);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        // Whole microseconds, what PostgreSQL keeps: the description returned equals the one read back later.
        var now = clock.GetUtcNow();
        var file = new StoredFile
        {
            Id = id,
            Area = area,
            Owner = owner,
            Name = name.Length > 255 ? name[^255..] : name,
            ContentType = contentType,
            CreatedAt = now.AddTicks(-(now.Ticks % (TimeSpan.TicksPerMillisecond / 1000))),
        };
        db.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        try
        {
            using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[ChunkSize];
            long length = 0;
            var number = 0;
            while (true)
            {
                var read = await content.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var data = read == buffer.Length ? buffer : buffer[..read];
                sha256.AppendData(data);

                // One statement, its own transaction: the write lock is held for one chunk at a time.
                db.Add(new StoredFileChunk { FileId = id, Number = number++, Data = data });
                await db.SaveChangesAsync(cancellationToken);
                db.ChangeTracker.Clear();
                length += read;
                if (read < buffer.Length)
                {
                    break;
                }
            }

            file.Length = length;
            file.Sha256 = Convert.ToHexStringLower(sha256.GetHashAndReset());
            file.Completed = true;
            var completed = await db.Set<StoredFile>()
                .Where(f => f.Id == id && !f.Completed)
                .ExecuteUpdateAsync(
                    s => s.SetProperty(f => f.Length, file.Length).SetProperty(f => f.Sha256, file.Sha256).SetProperty(f => f.Completed, true),
                    cancellationToken);
            if (completed != 1)
            {
                // Housekeeping took it for abandoned (a write of many hours), or someone deleted it meanwhile.
                throw new InvalidOperationException($"The stored file {id} was removed while it was being written.");
            }

            return file.ToInfo();
        }
        catch
        {
            // Best effort: what is left (the process dies, the database is gone) is removed by housekeeping.
            try
            {
                db.ChangeTracker.Clear();
                await DeleteAsync(db, id, CancellationToken.None);
            }
            catch (Exception cleanup) when (cleanup is not OutOfMemoryException)
            {
                // The original failure is what matters to the caller.
            }

            throw;
        }
    }

    /// <summary>A completed file's description; null for an unknown id or a write not (yet) completed.</summary>
    public async Task<StoredFileInfo?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return (await FindAsync(db, id, cancellationToken))?.ToInfo();
    }

    /// <summary>
    /// The content of a completed file as a stream that reads one chunk at a time and verifies the SHA-256 before it
    /// hands out the last bytes; null for an unknown or incomplete file. The stream owns a database connection until
    /// it is disposed.
    /// </summary>
    public async Task<Stream?> OpenReadAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        try
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var file = await FindAsync(db, id, cancellationToken);
            if (file is null)
            {
                await scope.DisposeAsync();
                return null;
            }

            return new StoredFileStream(scope, db, file);
        }
        catch
        {
            await scope.DisposeAsync();
            throw;
        }
    }

    /// <summary>Removes a file (completed or not); nothing happens for an unknown id.</summary>
    public async Task DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        await DeleteAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), id, cancellationToken);
    }

    /// <summary>A completed file through the caller's context (e.g. inside its transaction).</summary>
    public static Task<StoredFile?> FindAsync(PortalDbContext db, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id && f.Completed, cancellationToken);
    }

    /// <summary>
    /// Removes a file through the caller's context: first hidden from readers, then its chunks a few at a time, then
    /// its row. Inside the caller's transaction when it has one (keep that to small files), else each step on its own.
    /// </summary>
    public static async Task DeleteAsync(PortalDbContext db, Guid id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        await db.Set<StoredFile>().Where(f => f.Id == id && f.Completed).ExecuteUpdateAsync(s => s.SetProperty(f => f.Completed, false), cancellationToken);
        int deleted;
        do
        {
            deleted = await db.Set<StoredFileChunk>()
                .Where(c => c.FileId == id)
                .OrderBy(c => c.Number)
                .Take(DeleteBatch)
                .ExecuteDeleteAsync(cancellationToken);
        }
        while (deleted == DeleteBatch);

        await db.Set<StoredFile>().Where(f => f.Id == id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// Removes every file of <paramref name="area"/> created before <paramref name="before"/> (e.g. staging nobody
    /// confirmed), a bounded number per call; returns how many. For housekeeping tasks.
    /// </summary>
    public static async Task<int> DeleteOlderThanAsync(PortalDbContext db, string area, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var total = 0;
        List<Guid> due;
        do
        {
            due = await db.Set<StoredFile>().AsNoTracking()
                .Where(f => f.Area == area && f.CreatedAt < before)
                .OrderBy(f => f.CreatedAt)
                .Select(f => f.Id)
                .Take(100)
                .ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                await DeleteAsync(db, id, cancellationToken);
            }

            total += due.Count;
        }
        while (due.Count == 100 && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
