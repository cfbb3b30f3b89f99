using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Campaigns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PredecessorCode",
                table: "Institutions",
                type: "character varying(10)",
                unicode: false,
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Campaigns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CutoffDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LetterDate = table.Column<DateOnly>(type: "date", nullable: false),
                    Deadline = table.Column<DateOnly>(type: "date", nullable: false),
                    AfterCampaignId = table.Column<long>(type: "bigint", nullable: true),
                    OpenedAfter = table.Column<DateOnly>(type: "date", nullable: true),
                    State = table.Column<int>(type: "integer", nullable: false),
                    TargetCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Campaigns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Campaigns_Campaigns_AfterCampaignId",
                        column: x => x.AfterCampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CampaignLetters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CampaignId = table.Column<long>(type: "bigint", nullable: false),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", unicode: false, maxLength: 10, nullable: false),
                    Reason = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    Prefecture = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    PostalCode = table.Column<string>(type: "character varying(7)", unicode: false, maxLength: 7, nullable: false),
                    LoginId = table.Column<string>(type: "character varying(14)", unicode: false, maxLength: 14, nullable: true),
                    SealedPassword = table.Column<byte[]>(type: "bytea", maxLength: 92, nullable: true),
                    SealKeyId = table.Column<string>(type: "character varying(50)", unicode: false, maxLength: 50, nullable: true),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SkipReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CampaignLetters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CampaignLetters_Campaigns_CampaignId",
                        column: x => x.CampaignId,
                        principalTable: "Campaigns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CampaignLetters_Institutions_InstitutionCode",
                        column: x => x.InstitutionCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_PredecessorCode",
                table: "Institutions",
                column: "PredecessorCode");

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_CampaignId_InstitutionCode",
                table: "CampaignLetters",
                columns: new[] { "CampaignId", "InstitutionCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_CampaignId_State_Id",
                table: "CampaignLetters",
                columns: new[] { "CampaignId", "State", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_CampaignLetters_InstitutionCode",
                table: "CampaignLetters",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_AfterCampaignId",
                table: "Campaigns",
                column: "AfterCampaignId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CampaignLetters");

            migrationBuilder.DropTable(
                name: "Campaigns");

            migrationBuilder.DropIndex(
                name: "IX_Institutions_PredecessorCode",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "PredecessorCode",
                table: "Institutions");
        }
    }
}
