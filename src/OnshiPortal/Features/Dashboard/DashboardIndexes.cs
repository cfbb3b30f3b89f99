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
        // Institutions by status, prefecture, kind and the steps they reached (GROUP BY in the index's order, no
        // sort: the rates, the letters' funnel and the road's cells in one pass); the accounts of record by day, for
        // the series; and each road milestone by day, for the road's months (a range of active institutions that
        // reached it, in day order).
        public void Configure(EntityTypeBuilder<Institution> builder)
        {
            builder.HasIndex(i => new { i.Status, i.Prefecture, i.Kind, i.DashboardSteps }).HasDatabaseName("IX_Institutions_Dashboard");
            builder.HasIndex(i => new { i.Status, i.AccountCreatedOn }).HasDatabaseName("IX_Institutions_AccountCreated");
            builder.HasIndex(i => new { i.Status, i.ServiceAppliedOn }).HasDatabaseName("IX_Institutions_ServiceApplied");
            builder.HasIndex(i => new { i.Status, i.OperationStartedOn }).HasDatabaseName("IX_Institutions_OperationStarted");
        }
    }

    internal sealed class AccountIndexes : IEntityTypeConfiguration<PortalUser>
    {
        // Accounts in order of creation with their code of record. The series read a day as one range of it until
        // it was read from the master row (Institution.AccountCreatedOn); kept for the accounts-as-of-a-cutoff reads
        // until a measurement says it can go.
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
}
