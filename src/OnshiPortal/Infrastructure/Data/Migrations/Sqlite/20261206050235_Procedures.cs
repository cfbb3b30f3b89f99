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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
