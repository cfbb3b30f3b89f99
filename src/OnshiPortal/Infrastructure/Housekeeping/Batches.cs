using Microsoft.EntityFrameworkCore;

namespace OnshiPortal.Infrastructure.Housekeeping;

/// <summary>
/// Deletes or updates in batches of <see cref="Size"/> rows, each its own short statement, so that a clean-up of
/// a million rows never holds a long transaction or a table lock against the nodes that serve requests. Two
/// nodes running the same batch at once are harmless: a row deleted by one is simply not found by the other.
/// </summary>
public static class Batches
{
    public const int Size = 1000;

    /// <summary>Deletes every row of <paramref name="due"/> (which must be ordered), a batch at a time.</summary>
    public static async Task<int> DeleteAsync<T>(IOrderedQueryable<T> due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        var total = 0;
        int deleted;
        do
        {
            deleted = await due.Take(Size).ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == Size && !cancellationToken.IsCancellationRequested);

        return total;
    }

    /// <summary>
    /// Walks rows by their string key (a person's id, an institution's code), <see cref="Size"/> keys per read:
    /// <paramref name="after"/> gives the keys greater than the one it is handed, in order; <paramref name="act"/>
    /// handles one key (in its own transaction) and says whether it did something. Returns how many it did. A key
    /// range, not an offset: rows that leave the list while it is walked do not make it skip others.
    /// </summary>
    public static async Task<int> EachKeyAsync(Func<string, IQueryable<string>> after, Func<string, Task<bool>> act, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(act);
        var done = 0;
        var last = string.Empty;
        while (!cancellationToken.IsCancellationRequested)
        {
            var keys = await after(last).Take(Size).ToListAsync(cancellationToken);
            foreach (var key in keys)
            {
                if (await act(key))
                {
                    done++;
                }
            }

            if (keys.Count < Size)
            {
                break;
            }

            last = keys[^1];
        }

        return done;
    }

    /// <summary>
    /// Walks one list a batch at a time (a mailing's people by their ids, say): each <paramref name="batch"/> is its
    /// own transaction, retried whole by the database's execution strategy, and says how much it did and whether
    /// there may be more. Returns the total done.
    /// </summary>
    public static async Task<int> WalkAsync(Data.PortalDbContext db, Func<Task<(int Done, bool More)>> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(batch);
        var total = 0;
        (int Done, bool More) step;
        do
        {
            step = await db.Database.CreateExecutionStrategy().ExecuteAsync(batch);
            total += step.Done;
        }
        while (step.More && !cancellationToken.IsCancellationRequested);

        return total;
    }

    /// <summary>Runs <paramref name="update"/> on batches of <paramref name="due"/> until none is left; the update must take each row out of <paramref name="due"/>.</summary>
    public static async Task<int> UpdateAsync<T>(IOrderedQueryable<T> due, Func<IQueryable<T>, CancellationToken, Task<int>> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(due);
        ArgumentNullException.ThrowIfNull(update);
        var total = 0;
        int changed;
        do
        {
            changed = await update(due.Take(Size), cancellationToken);
            total += changed;
        }
        while (changed == Size && !cancellationToken.IsCancellationRequested);

        return total;
    }
}
