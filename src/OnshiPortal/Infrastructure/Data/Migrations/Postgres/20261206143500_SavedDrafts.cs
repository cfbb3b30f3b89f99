using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SavedDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SavedDrafts");
        }
    }
}
