using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Audit;

namespace OnshiPortal.Features.Dashboard;

/// <summary>
/// The indexes the registration dashboard reads through, beside the dashboard rather than in each owner's
/// configuration (EF applies every configuration of an entity). Each lets one aggregate read an index alone,
/// never the table: on 250,000 institutions and accounts the page must answer in 300 ms (docs/benchmarks.md).
/// </summary>
internal static class DashboardIndexes
{
    internal sealed class InstitutionIndexes : IEntityTypeConfiguration<Institution>
    {
        // Active institutions, in prefecture and kind order (GROUP BY without sorting), with the code to join on.
        public void Configure(EntityTypeBuilder<Institution> builder) =>
            builder.HasIndex(i => new { i.Status, i.Prefecture, i.Kind, i.Code }).HasDatabaseName("IX_Institutions_Dashboard");
    }

    internal sealed class AccountIndexes : IEntityTypeConfiguration<PortalUser>
    {
        // Accounts of record (one per registered institution, not its every person) in order of creation, with their
        // institution code: a day of the series is one range of it.
        public void Configure(EntityTypeBuilder<PortalUser> builder) =>
            builder.HasIndex(u => new { u.CreatedAt, u.AccountOf });
    }

    internal sealed class CredentialIndexes : IEntityTypeConfiguration<TemporaryCredential>
    {
        // Institutions whose letter's login was spent by an activation: the funnel's last step.
        public void Configure(EntityTypeBuilder<TemporaryCredential> builder) =>
            builder.HasIndex(c => new { c.InstitutionCode, c.UsedAt });
    }

    internal sealed class AuditIndexes : IEntityTypeConfiguration<AuditEntry>
    {
        // Institutions that logged in with a temporary login: one action's range, in code order for DISTINCT.
        public void Configure(EntityTypeBuilder<AuditEntry> builder) =>
            builder.HasIndex(a => new { a.Action, a.InstitutionCode });
    }

    internal sealed class FilingIndexes : IEntityTypeConfiguration<Filings.Filing>
    {
        // The road (RoadFunnels): accepted filings of a procedure in prefecture and kind order with the code (a GROUP
        // BY of distinct institutions without a sort of the table), and by code with the time of 受理 and the
        // 運用開始日 (each institution's first, for the months). Both read the index alone.
        public void Configure(EntityTypeBuilder<Filings.Filing> builder)
        {
            builder.HasIndex(f => new { f.Type, f.State, f.Prefecture, f.Kind, f.InstitutionCode, f.EffectiveOn }).HasDatabaseName("IX_Filing_Road");
            builder.HasIndex(f => new { f.Type, f.State, f.InstitutionCode, f.UpdatedAt, f.EffectiveOn }).HasDatabaseName("IX_Filing_RoadMonths");
        }
    }
}
