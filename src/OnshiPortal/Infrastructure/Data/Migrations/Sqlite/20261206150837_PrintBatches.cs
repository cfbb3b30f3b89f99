using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: true);

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
