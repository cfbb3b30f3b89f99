using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SchedulerRemindersStatusDraftsPrintBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // 障害・メンテナンスのお知らせ is off until a person turns it on: those who exist already keep it off too.
            migrationBuilder.Sql("UPDATE \"AspNetUsers\" SET \"MutedMails\" = \"MutedMails\" | 8;");

            migrationBuilder.AddColumn<long>(
                name: "BatchId",
                table: "PostalLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "FollowUpConsideredAt",
                table: "Campaigns",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WeeklyReport",
                table: "Associations",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "Incidents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Incidents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OutboxAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OutboxMessageId = table.Column<long>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Letters = table.Column<int>(type: "INTEGER", nullable: false),
                    WrittenAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrintBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SavedDrafts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstitutionCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    Type = table.Column<int>(type: "INTEGER", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Values = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<string>(type: "TEXT", unicode: false, maxLength: 32, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OccurrenceAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Trigger = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScheduledRuns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SentReminders",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Occasion = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Recipients = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentReminders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IncidentMailings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    Phase = table.Column<int>(type: "INTEGER", nullable: false),
                    Cursor = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Mailed = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IncidentId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Resolves = table.Column<bool>(type: "INTEGER", nullable: false)
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
        }
    }
}
