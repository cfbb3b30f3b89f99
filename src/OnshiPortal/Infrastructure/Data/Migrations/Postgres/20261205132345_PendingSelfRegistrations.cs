using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PendingSelfRegistrations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ProvenBy",
                table: "SelfRegistrations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RefusalReason",
                table: "SelfRegistrations",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RefusedAt",
                table: "SelfRegistrations",
                type: "timestamp with time zone",
                nullable: true);

            // Registrations made before they had to be proven keep working as they did (docs/security.md, "Squatting"):
            // those of codes the master had were complete at once; those it lacked were proven by an operator.
            migrationBuilder.Sql("""
                UPDATE "SelfRegistrations" SET "ConfirmedAt" = "CreatedAt", "ProvenBy" = 'before-rule'
                WHERE "InMaster" = TRUE AND "ConfirmedAt" IS NULL;
                UPDATE "SelfRegistrations" SET "ProvenBy" = 'operator'
                WHERE "ConfirmedAt" IS NOT NULL AND "ProvenBy" IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ProvenBy",
                table: "SelfRegistrations");

            migrationBuilder.DropColumn(
                name: "RefusalReason",
                table: "SelfRegistrations");

            migrationBuilder.DropColumn(
                name: "RefusedAt",
                table: "SelfRegistrations");
        }
    }
}
