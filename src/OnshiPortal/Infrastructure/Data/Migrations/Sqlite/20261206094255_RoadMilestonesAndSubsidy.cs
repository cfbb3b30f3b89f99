using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RoadMilestonesAndSubsidy : Migration
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "ServiceAppliedOn",
                table: "Institutions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AmountAfter",
                table: "FilingEvent",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AmountBefore",
                table: "FilingEvent",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Documents",
                table: "FilingEvent",
                type: "TEXT",
                unicode: false,
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Document",
                table: "FilingAttachment",
                type: "TEXT",
                unicode: false,
                maxLength: 50,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "Amount",
                table: "Filing",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "PaymentBatches",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    TransferDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false),
                    TransferFile = table.Column<byte[]>(type: "BLOB", nullable: false),
                    TransferFileSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SettledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SettledBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentBatches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SubsidyPayments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BatchId = table.Column<long>(type: "INTEGER", nullable: false),
                    FilingId = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    BankCode = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    BranchCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    DepositType = table.Column<int>(type: "INTEGER", nullable: false),
                    AccountNumber = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    PayKey = table.Column<long>(type: "INTEGER", nullable: true),
                    ReturnReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SubsidyPayments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SubsidyPayments_Filing_FilingId",
                        column: x => x.FilingId,
                        principalTable: "Filing",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SubsidyPayments_PaymentBatches_BatchId",
                        column: x => x.BatchId,
                        principalTable: "PaymentBatches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            // Filings accepted before the milestones were kept on the master row: the same rule as the 受理 hooks.
            migrationBuilder.Sql(Features.Procedures.Road.RoadMilestones.BackfillSqlite);

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

            migrationBuilder.CreateIndex(
                name: "IX_PaymentBatches_Month_Number",
                table: "PaymentBatches",
                columns: new[] { "Month", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPayments_BatchId",
                table: "SubsidyPayments",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPayments_FilingId",
                table: "SubsidyPayments",
                column: "FilingId");

            migrationBuilder.CreateIndex(
                name: "IX_SubsidyPayments_PayKey",
                table: "SubsidyPayments",
                column: "PayKey",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SubsidyPayments");

            migrationBuilder.DropTable(
                name: "PaymentBatches");

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

            migrationBuilder.DropColumn(
                name: "AmountAfter",
                table: "FilingEvent");

            migrationBuilder.DropColumn(
                name: "AmountBefore",
                table: "FilingEvent");

            migrationBuilder.DropColumn(
                name: "Documents",
                table: "FilingEvent");

            migrationBuilder.DropColumn(
                name: "Document",
                table: "FilingAttachment");

            migrationBuilder.DropColumn(
                name: "Amount",
                table: "Filing");

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
