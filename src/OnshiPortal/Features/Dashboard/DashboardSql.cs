namespace OnshiPortal.Features.Dashboard;

/// <summary>How PostgreSQL plans the dashboard's snapshot (docs/benchmarks.md has the EXPLAIN output).</summary>
internal static class DashboardSql
{
    /// <summary>
    /// SET LOCAL: this transaction only. No parallel workers: each aggregate reads an index of a few hundred thousand
    /// entries at most, which starting workers made slower, not faster (docs/benchmarks.md), and a refresh in the
    /// background should not take cores from the logins on a deadline day. Random reads priced as on SSD (1.1, the
    /// usual setting there, instead of 4 for spinning disks), so that the aggregates read their indexes rather than
    /// the tables.
    /// </summary>
    public const string PostgresSettings = "SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL random_page_cost = 1.1";
}
