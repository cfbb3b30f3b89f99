using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LetterFunnelSteps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "TemporaryCredentials",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "SelfRegistrations",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "Filing",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "CampaignLetters",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivatedAt",
                table: "CampaignLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ActivationRequestedAt",
                table: "CampaignLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FirstLoginAt",
                table: "CampaignLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RegisteredAt",
                table: "CampaignLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "AuditEntries",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "AspNetUsers",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: true,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "ActivationRequests",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10);

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

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "TemporaryCredentials",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "SelfRegistrations",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "Filing",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "CampaignLetters",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "AuditEntries",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "AspNetUsers",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldUnicode: false,
                oldMaxLength: 10,
                oldNullable: true,
                oldCollation: "C");

            migrationBuilder.AlterColumn<string>(
                name: "InstitutionCode",
                table: "ActivationRequests",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(10)",
                oldMaxLength: 10,
                oldCollation: "C");
        }
    }
}
