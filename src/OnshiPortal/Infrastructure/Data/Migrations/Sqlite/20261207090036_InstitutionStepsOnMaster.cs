using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InstitutionStepsOnMaster : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccountCreatedOn",
                table: "Institutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ActivatedAt",
                table: "Institutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ActivationRequestedAt",
                table: "Institutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FirstTemporaryLoginAt",
                table: "Institutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DashboardSteps",
                table: "Institutions",
                type: "INTEGER",
                nullable: false,
                computedColumnSql: "(CASE WHEN \"ServiceAppliedOn\" IS NOT NULL THEN 1 ELSE 0 END) | (CASE WHEN \"OperationStartedOn\" IS NOT NULL THEN 2 ELSE 0 END) | (CASE WHEN \"AccountCreatedOn\" IS NOT NULL THEN 4 ELSE 0 END) | (CASE WHEN \"FirstTemporaryLoginAt\" IS NOT NULL THEN 8 ELSE 0 END) | (CASE WHEN \"ActivationRequestedAt\" IS NOT NULL THEN 16 ELSE 0 END) | (CASE WHEN \"ActivatedAt\" IS NOT NULL THEN 32 ELSE 0 END)",
                stored: false);

            // The steps reached before they were kept on the master row, by the flows' rules, before the indexes
            // are built over them.
            migrationBuilder.Sql(Features.Dashboard.InstitutionSteps.BackfillSqlite);

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_AccountCreated",
                table: "Institutions",
                columns: new[] { "Status", "AccountCreatedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "DashboardSteps" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Institutions_AccountCreated",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "DashboardSteps",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "AccountCreatedOn",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "ActivatedAt",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "ActivationRequestedAt",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "FirstTemporaryLoginAt",
                table: "Institutions");

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "Code", "ServiceAppliedOn", "OperationStartedOn" });
        }
    }
}
