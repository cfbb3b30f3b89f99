using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PrintBatches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "BatchId",
                table: "PostalLetters",
                type: "bigint",
                nullable: true);

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

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_BatchId",
                table: "PostalLetters",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_PrintBatches_WrittenAt",
                table: "PrintBatches",
                column: "WrittenAt");

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
                name: "PrintBatches");

            migrationBuilder.DropIndex(
                name: "IX_PostalLetters_BatchId",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "BatchId",
                table: "PostalLetters");
        }
    }
}
