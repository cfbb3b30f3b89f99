using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SearchIndexAndImportRowHash : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ImportRowHash",
                table: "Institutions",
                type: "INTEGER",
                nullable: true);

            // The search index (FTS5 and its triggers) is SQLite's own: EF cannot model it, so its SQL is one place.
            OnshiPortal.Features.Institutions.Search.SqliteSearchIndex.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            OnshiPortal.Features.Institutions.Search.SqliteSearchIndex.Drop(migrationBuilder);

            migrationBuilder.DropColumn(
                name: "ImportRowHash",
                table: "Institutions");
        }
    }
}
