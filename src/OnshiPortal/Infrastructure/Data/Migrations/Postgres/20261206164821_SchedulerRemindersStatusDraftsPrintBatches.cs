using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SchedulerRemindersStatusDraftsPrintBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // 障害・メンテナンスのお知らせ is off until a person turns it on: those who exist already keep it off too.
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET \"MutedMails\" = \"MutedMails\" | 8;");

            migrationBuilder.AlterColumn<string>(
                name: "HolderName",
                table: "SubsidyPayments",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(30)",
                oldMaxLength: 30);

            migrationBuilder.AlterColumn<string>(
                name: "AccountNumber",
                table: "SubsidyPayments",
                type: "character varying(400)",
                maxLength: 400,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(7)",
                oldMaxLength: 7);

            migrationBuilder.AddColumn<long>(
                name: "BatchId",
                table: "PostalLetters",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FollowUpConsideredAt",
                table: "Campaigns",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WeeklyReport",
                table: "Associations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OpenedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxAttachments_OutboxMessages_OutboxMessageId",
                        column: x => x.OutboxMessageId,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PrintBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Letters = table.Column<int>(type: "integer", nullable: false),
                    WrittenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrintBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SavedDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", unicode: false, maxLength: 10, nullable: false, collation: "C"),
                    Type = table.Column<int>(type: "integer", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Values = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<string>(type: "character varying(32)", unicode: false, maxLength: 32, nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedDrafts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedDrafts_AspNetUsers_SavedBy",
                        column: x => x.SavedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ScheduledRuns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JobName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OccurrenceAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Trigger = table.Column<int>(type: "integer", nullable: false),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    ClaimedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduledRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Occasion = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Recipients = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentReminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentMailings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    Phase = table.Column<int>(type: "integer", nullable: false),
                    Cursor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Mailed = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentMailings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentMailings_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IncidentUpdates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IncidentId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Resolves = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IncidentUpdates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IncidentUpdates_Incidents_IncidentId",
                        column: x => x.IncidentId,
                        principalTable: "Incidents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 1,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 2,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 3,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 4,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 5,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 6,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 7,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 8,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 9,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 10,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 11,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 12,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 13,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 14,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 15,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 16,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 17,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 18,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 19,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 20,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 21,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 22,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 23,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_BatchId",
                table: "PostalLetters",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentMailings_FinishedAt",
                table: "IncidentMailings",
                column: "FinishedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentMailings_IncidentId_Phase",
                table: "IncidentMailings",
                columns: new[] { "IncidentId", "Phase" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_ResolvedAt",
                table: "Incidents",
                column: "ResolvedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Incidents_StartedAt",
                table: "Incidents",
                column: "StartedAt");

            migrationBuilder.CreateIndex(
                name: "IX_IncidentUpdates_IncidentId",
                table: "IncidentUpdates",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxAttachments_OutboxMessageId",
                table: "OutboxAttachments",
                column: "OutboxMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintBatches_WrittenAt",
                table: "PrintBatches",
                column: "WrittenAt");

            migrationBuilder.CreateIndex(
                name: "IX_SavedDrafts_InstitutionCode_Type",
                table: "SavedDrafts",
                columns: new[] { "InstitutionCode", "Type" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SavedDrafts_SavedAt",
                table: "SavedDrafts",
                column: "SavedAt");

            migrationBuilder.CreateIndex(
                name: "IX_SavedDrafts_SavedBy",
                table: "SavedDrafts",
                column: "SavedBy");

            migrationBuilder.CreateIndex(
                name: "IX_ScheduledRuns_JobName_OccurrenceAt_Trigger",
                table: "ScheduledRuns",
                columns: new[] { "JobName", "OccurrenceAt", "Trigger" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ScheduledRuns_Unfinished",
                table: "ScheduledRuns",
                column: "JobName",
                unique: true,
                filter: "\"FinishedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SentReminders_Kind_Occasion_Subject",
                table: "SentReminders",
                columns: new[] { "Kind", "Occasion", "Subject" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_PostalLetters_PrintBatches_BatchId",
                table: "PostalLetters",
                column: "BatchId",
                principalTable: "PrintBatches",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_PostalLetters_PrintBatches_BatchId",
                table: "PostalLetters");

            migrationBuilder.DropTable(
                name: "IncidentMailings");

            migrationBuilder.DropTable(
                name: "IncidentUpdates");

            migrationBuilder.DropTable(
                name: "OutboxAttachments");

            migrationBuilder.DropTable(
                name: "PrintBatches");

            migrationBuilder.DropTable(
                name: "SavedDrafts");

            migrationBuilder.DropTable(
                name: "ScheduledRuns");

            migrationBuilder.DropTable(
                name: "SentReminders");

            migrationBuilder.DropTable(
                name: "Incidents");

            migrationBuilder.DropIndex(
                name: "IX_PostalLetters_BatchId",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "FollowUpConsideredAt",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "WeeklyReport",
                table: "Associations");

            migrationBuilder.AlterColumn<string>(
                name: "HolderName",
                table: "SubsidyPayments",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400);

            migrationBuilder.AlterColumn<string>(
                name: "AccountNumber",
                table: "SubsidyPayments",
                type: "character varying(7)",
                maxLength: 7,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(400)",
                oldMaxLength: 400);
        }
    }
}
