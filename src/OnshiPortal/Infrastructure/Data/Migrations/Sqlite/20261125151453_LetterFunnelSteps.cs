using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LetterFunnelSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ActivatedAt",
                table: "CampaignLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ActivationRequestedAt",
                table: "CampaignLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FirstLoginAt",
                table: "CampaignLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "RegisteredAt",
                table: "CampaignLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_SelfRegistrations_InMaster_InstitutionCode",
                table: "SelfRegistrations",
                columns: new[] { "InMaster", "InstitutionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters",
                columns: new[] { "State", "CampaignId", "FirstLoginAt", "ActivationRequestedAt", "ActivatedAt", "RegisteredAt" });

            // The letters issued before this migration start from the records, as a new campaign's do (LetterProgress).
            migrationBuilder.Sql("""
                UPDATE "CampaignLetters" SET
                    "FirstLoginAt" = (SELECT MIN(a."At") FROM "AuditEntries" AS a
                        WHERE a."Action" = 'temporary-login' AND a."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
                    "ActivationRequestedAt" = (SELECT MIN(r."CreatedAt") FROM "ActivationRequests" AS r
                        WHERE r."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
                    "ActivatedAt" = (SELECT MIN(c."UsedAt") FROM "TemporaryCredentials" AS c
                        WHERE c."InstitutionCode" = "CampaignLetters"."InstitutionCode"),
                    "RegisteredAt" = (SELECT MIN(u."CreatedAt") FROM "AspNetUsers" AS u
                        WHERE u."InstitutionCode" = "CampaignLetters"."InstitutionCode")
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SelfRegistrations_InMaster_InstitutionCode",
                table: "SelfRegistrations");

            migrationBuilder.DropIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "ActivatedAt",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "ActivationRequestedAt",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "FirstLoginAt",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "RegisteredAt",
                table: "CampaignLetters");
        }
    }
}
