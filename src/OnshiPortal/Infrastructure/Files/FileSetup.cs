using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;

namespace OnshiPortal.Infrastructure.Files;

/// <summary>The <c>Files</c> section of the configuration.</summary>
public sealed class FileStoreOptions
{
    public const string Section = "Files";

    /// <summary>
    /// An incomplete file older than this is taken for an interrupted write (its node was killed) and removed. Far
    /// longer than any write takes (a campaign's largest print file is written in minutes).
    /// </summary>
    public double AbandonedAfterHours { get; set; } = 6;
}

public static class FileSetup
{
    /// <summary>The file store (a singleton: it holds no context, see <see cref="FileStore"/>) and its clean-up.</summary>
    public static IServiceCollection AddPortalFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<FileStoreOptions>(configuration.GetSection(FileStoreOptions.Section));
        services.AddSingleton<FileStore>();
        services.AddHousekeepingTask<AbandonedFileCleanup>();
        return services;
    }
}

/// <summary>Removes writes that never completed (a node killed mid-write, a database error mid-file).</summary>
public sealed class AbandonedFileCleanup(IOptions<FileStoreOptions> options) : IHousekeepingTask
{
    public string Name => "abandoned file writes";

    public async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now.AddHours(-Math.Max(0.01, options.Value.AbandonedAfterHours));
        var total = 0;
        List<Guid> due;
        do
        {
            due = await db.Set<StoredFile>().AsNoTracking()
                .Where(f => !f.Completed && f.CreatedAt < before)
                .OrderBy(f => f.CreatedAt)
                .Select(f => f.Id)
                .Take(100)
                .ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                await FileStore.DeleteAsync(db, id, cancellationToken);
            }

            total += due.Count;
        }
        while (due.Count == 100 && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
