using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Procedures : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Beds",
                table: "Institutions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EffectiveOn",
                table: "Filing",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Quantity",
                table: "Filing",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MasterAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    ProductionId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    TestId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 20, nullable: false),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SealKeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 50, nullable: true),
                    SealedProductionPassword = table.Column<byte[]>(type: "BLOB", maxLength: 92, nullable: true),
                    SealedTestPassword = table.Column<byte[]>(type: "BLOB", maxLength: 92, nullable: true),
                    DownloadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DownloadedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MasterAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PostalLetters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Data = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    QueuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PrintedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PrintedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PostalLetters", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Filing_Road",
                table: "Filing",
                columns: new[] { "Type", "State", "Prefecture", "Kind", "InstitutionCode", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing",
                columns: new[] { "Type", "State", "InstitutionCode", "UpdatedAt", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_MasterAccounts_InstitutionCode",
                table: "MasterAccounts",
                column: "InstitutionCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MasterAccounts_ProductionId",
                table: "MasterAccounts",
                column: "ProductionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MasterAccounts_TestId",
                table: "MasterAccounts",
                column: "TestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_InstitutionCode",
                table: "PostalLetters",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_PrintedAt_Id",
                table: "PostalLetters",
                columns: new[] { "PrintedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MasterAccounts");

            migrationBuilder.DropTable(
                name: "PostalLetters");

            migrationBuilder.DropIndex(
                name: "IX_Filing_Road",
                table: "Filing");

            migrationBuilder.DropIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing");

            migrationBuilder.DropColumn(
                name: "Beds",
                table: "Institutions");

            migrationBuilder.DropColumn(
                name: "EffectiveOn",
                table: "Filing");

            migrationBuilder.DropColumn(
                name: "Quantity",
                table: "Filing");
        }
    }
}
