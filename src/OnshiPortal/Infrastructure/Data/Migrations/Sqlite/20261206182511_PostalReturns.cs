using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PostalReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReturnReason",
                table: "PostalLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedAddress",
                table: "PostalLetters",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReturnedAt",
                table: "PostalLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedBy",
                table: "PostalLetters",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedPostalCode",
                table: "PostalLetters",
                type: "TEXT",
                maxLength: 7,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_ReturnedAt",
                table: "PostalLetters",
                column: "ReturnedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_PostalLetters_ReturnedAt",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "ReturnReason",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "ReturnedAddress",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "ReturnedAt",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "ReturnedBy",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "ReturnedPostalCode",
                table: "PostalLetters");
        }
    }
}
