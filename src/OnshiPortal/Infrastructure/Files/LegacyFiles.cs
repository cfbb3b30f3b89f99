namespace OnshiPortal.Infrastructure.Files;

/// <summary>What one <see cref="ILegacyFileImport"/> did: files moved into the database, and rows whose file was not found.</summary>
public sealed record LegacyImportResult(string What, int Moved, int Missing);

/// <summary>
/// Moves the files an earlier version kept on disk into the file store, once: each feature knows its rows and its
/// old folder. Run by <c>onshi db migrate</c> (and by a node that migrates on start) after the schema is up to date.
/// Must be idempotent: a row already pointing at a stored file is skipped, and a rerun after a crash stores under
/// the same id (taken from the old file's name), so it never makes a second copy.
/// </summary>
public interface ILegacyFileImport
{
    Task<LegacyImportResult> ImportAsync(IServiceProvider services, CancellationToken cancellationToken);
}

public static class LegacyFiles
{
    public static IServiceCollection AddLegacyFileImport<T>(this IServiceCollection services)
        where T : class, ILegacyFileImport
    {
        services.AddScoped<ILegacyFileImport, T>();
        return services;
    }

    /// <summary>Every feature's import; the results of those that found something to do.</summary>
    public static async Task<IReadOnlyList<LegacyImportResult>> ImportAllAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var results = new List<LegacyImportResult>();
        foreach (var import in services.GetServices<ILegacyFileImport>())
        {
            var result = await import.ImportAsync(services, cancellationToken);
            if (result.Moved > 0 || result.Missing > 0)
            {
                results.Add(result);
            }
        }

        return results;
    }

    /// <summary>
    /// Stores one old file under <paramref name="id"/> unless a completed copy is there already (an earlier run that
    /// stopped before it updated the row); an incomplete one (that run killed mid-file) is replaced.
    /// </summary>
    public static async Task StoreOnceAsync(FileStore store, Guid id, string area, string name, string contentType, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (await store.FindAsync(id, cancellationToken) is not null)
        {
            return;
        }

        await store.DeleteAsync(id, cancellationToken);
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        await store.SaveAsync(id, area, name, contentType, content, owner: null, cancellationToken);
    }
}
