namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The figures as computed at most a minute ago, kept by this node and handed to every operator who looks: a page
/// view and its CSV downloads read memory, and the tables and files of one minute agree with each other. The page
/// says when the figures were computed. A registration rate a minute old is as good as a fresh one to someone
/// working towards a deadline weeks away.
/// </summary>
/// <remarks>
/// Computing them takes the database a few hundred milliseconds on 250,000 institutions (docs/benchmarks.md); while
/// anyone watches, <see cref="DashboardRefresher"/> recomputes them in the background every minute, so that no page
/// waits for it. Only the first view after a quiet spell (or on a node just started) computes them itself, once,
/// however many operators arrive together.
/// </remarks>
public sealed class DashboardSnapshot(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    /// <summary>How long after the last view the background keeps the figures fresh.</summary>
    public static readonly TimeSpan Watched = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim computing = new(1, 1);
    private DashboardFigures? latest;
    private long lastReadTicks;

    public bool IsWatched => clock.GetUtcNow().UtcTicks - Interlocked.Read(ref lastReadTicks) < Watched.Ticks;

    public async Task<DashboardFigures> GetAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Exchange(ref lastReadTicks, clock.GetUtcNow().UtcTicks);
        return Volatile.Read(ref latest) is { } figures && IsFresh(figures)
            ? figures
            : await ComputeAsync(force: false, cancellationToken);
    }

    /// <summary>Recomputes the figures (the background's minute), unless another caller just did.</summary>
    public Task<DashboardFigures> RefreshAsync(CancellationToken cancellationToken) => ComputeAsync(force: true, cancellationToken);

    public void Dispose() => computing.Dispose();

    private bool IsFresh(DashboardFigures figures) => clock.GetUtcNow() - figures.At < Lifetime;

    private async Task<DashboardFigures> ComputeAsync(bool force, CancellationToken cancellationToken)
    {
        await computing.WaitAsync(cancellationToken);
        try
        {
            // Those who waited here while another computed take its result.
            if (Volatile.Read(ref latest) is { } figures && (force ? clock.GetUtcNow() - figures.At < TimeSpan.FromSeconds(5) : IsFresh(figures)))
            {
                return figures;
            }

            await using var scope = scopes.CreateAsyncScope();
            var computed = await scope.ServiceProvider.GetRequiredService<RegistrationDashboard>().LoadAsync(cancellationToken);
            Volatile.Write(ref latest, computed);
            return computed;
        }
        finally
        {
            computing.Release();
        }
    }
}

/// <summary>Keeps <see cref="DashboardSnapshot"/> fresh while someone watches the dashboard on this node.</summary>
public sealed class DashboardRefresher(DashboardSnapshot snapshot, TimeProvider clock, ILogger<DashboardRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Slightly inside the lifetime, so that the figures are renewed before a page would find them stale.
        using var timer = new PeriodicTimer(DashboardSnapshot.Lifetime - TimeSpan.FromSeconds(5), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!snapshot.IsWatched)
            {
                continue;
            }

            try
            {
                await snapshot.RefreshAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The page computes the figures itself when they are stale: a failed minute costs nothing but time.
                logger.LogWarning(exception, "The dashboard figures could not be refreshed.");
            }
        }
    }
}
