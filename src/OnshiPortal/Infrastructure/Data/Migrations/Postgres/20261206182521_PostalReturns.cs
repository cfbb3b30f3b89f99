using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
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
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedAddress",
                table: "PostalLetters",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReturnedAt",
                table: "PostalLetters",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedBy",
                table: "PostalLetters",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReturnedPostalCode",
                table: "PostalLetters",
                type: "character varying(7)",
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
