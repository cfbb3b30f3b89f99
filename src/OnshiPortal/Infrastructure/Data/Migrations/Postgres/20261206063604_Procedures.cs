using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "EffectiveOn",
                table: "Filing",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Quantity",
                table: "Filing",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MasterAccounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    ProductionId = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    TestId = table.Column<string>(type: "character varying(20)", unicode: false, maxLength: 20, nullable: false),
                    ReceiptNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IssuedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    SealKeyId = table.Column<string>(type: "character varying(50)", unicode: false, maxLength: 50, nullable: true),
                    SealedProductionPassword = table.Column<byte[]>(type: "bytea", maxLength: 92, nullable: true),
                    SealedTestPassword = table.Column<byte[]>(type: "bytea", maxLength: 92, nullable: true),
                    DownloadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DownloadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MasterAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PostalLetters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    InstitutionCode = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Data = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    QueuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PrintedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PrintedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true)
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
