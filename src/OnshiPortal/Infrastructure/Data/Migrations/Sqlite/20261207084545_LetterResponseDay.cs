using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class LetterResponseDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters");

            migrationBuilder.AddColumn<DateOnly>(
                name: "RespondedOn",
                table: "CampaignLetters",
                type: "TEXT",
                nullable: true);

            // The letters' response days from their steps, as a new campaign's are set (LetterProgress), before the
            // index is built over them.
            migrationBuilder.Sql(Features.Campaigns.LetterProgress.RespondedOnSqlite);

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters",
                columns: new[] { "State", "CampaignId", "RespondedOn", "FirstLoginAt", "ActivationRequestedAt", "ActivatedAt", "RegisteredAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters");

            migrationBuilder.DropColumn(
                name: "RespondedOn",
                table: "CampaignLetters");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_Funnel",
                table: "CampaignLetters",
                columns: new[] { "State", "CampaignId", "FirstLoginAt", "ActivationRequestedAt", "ActivatedAt", "RegisteredAt" });
        }
    }
}
