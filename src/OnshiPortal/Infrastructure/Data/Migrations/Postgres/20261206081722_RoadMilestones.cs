using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoadMilestones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_Filing_Road",
                table: "Filing");

            migrationBuilder.DropIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing");

            migrationBuilder.AddColumn<DateOnly>(
                name: "OperationStartedOn",
                table: "Institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ServiceAppliedOn",
                table: "Institutions",
                type: "date",
                nullable: true);

            // Filings accepted before the milestones were kept on the master row: the same rule as the 受理 hooks.
            migrationBuilder.Sql(Features.Procedures.Road.RoadMilestones.BackfillPostgres);

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "Code", "ServiceAppliedOn", "OperationStartedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_OperationStarted",
                table: "Institutions",
                columns: new[] { "Status", "OperationStartedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_ServiceApplied",
                table: "Institutions",
                columns: new[] { "Status", "ServiceAppliedOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_Institutions_OperationStarted",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_Institutions_ServiceApplied",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "OperationStartedOn",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "ServiceAppliedOn",
                table: "Institutions");

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_Filing_Road",
                table: "Filing",
                columns: new[] { "Type", "State", "Prefecture", "Kind", "InstitutionCode", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing",
                columns: new[] { "Type", "State", "InstitutionCode", "UpdatedAt", "EffectiveOn" });
        }
    }
}
