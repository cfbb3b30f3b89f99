using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DashboardSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters");

            migrationBuilder.AddColumn<DateOnly>(
                name: "AccountCreatedOn",
                table: "Institutions",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivatedAt",
                table: "Institutions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivationRequestedAt",
                table: "Institutions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstCredentialIssuedAt",
                table: "Institutions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstTemporaryLoginAt",
                table: "Institutions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FunnelSteps",
                table: "CampaignLetters",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateOnly>(
                name: "RespondedOn",
                table: "CampaignLetters",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DashboardSteps",
                table: "Institutions",
                type: "integer",
                nullable: false,
                computedColumnSql: "(CASE WHEN \"ServiceAppliedOn\" IS NOT NULL THEN 1 ELSE 0 END) | (CASE WHEN \"OperationStartedOn\" IS NOT NULL THEN 2 ELSE 0 END) | (CASE WHEN \"AccountCreatedOn\" IS NOT NULL THEN 4 ELSE 0 END) | (CASE WHEN \"FirstTemporaryLoginAt\" IS NOT NULL THEN 8 ELSE 0 END) | (CASE WHEN \"ActivationRequestedAt\" IS NOT NULL THEN 16 ELSE 0 END) | (CASE WHEN \"ActivatedAt\" IS NOT NULL THEN 32 ELSE 0 END) | (CASE WHEN \"FirstCredentialIssuedAt\" IS NOT NULL THEN 64 ELSE 0 END)",
                stored: true);

            // What the flows keep from now on, filled from the records by the flows' rules before the indexes are
            // built over it: each letter's response day and step bits (LetterProgress), and each institution's own
            // steps (InstitutionSteps).
            migrationBuilder.Sql(Features.Campaigns.LetterProgress.DerivedPostgres);
            migrationBuilder.Sql(Features.Dashboard.InstitutionSteps.BackfillPostgres);

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_AccountCreated",
                table: "Institutions",
                columns: new[] { "Status", "AccountCreatedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "DashboardSteps" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters",
                columns: new[] { "State", "CampaignId", "RespondedOn", "FunnelSteps" });
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

            migrationBuilder.DropIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters");

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
                name: "FirstCredentialIssuedAt",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "FirstTemporaryLoginAt",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "FunnelSteps",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "RespondedOn",
                table: "CampaignLetters");

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "Code", "ServiceAppliedOn", "OperationStartedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters",
                columns: new[] { "State", "CampaignId", "FirstLoginAt", "ActivationRequestedAt", "ActivatedAt", "RegisteredAt" });
        }
    }
}
