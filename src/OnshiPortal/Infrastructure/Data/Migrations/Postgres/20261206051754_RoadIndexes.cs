using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RoadIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Filing_Road",
                table: "Filing",
                columns: new[] { "Type", "State", "Prefecture", "Kind", "InstitutionCode", "EffectiveOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing",
                columns: new[] { "Type", "State", "InstitutionCode", "UpdatedAt", "EffectiveOn" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Filing_Road",
                table: "Filing");

            migrationBuilder.DropIndex(
                name: "IX_Filing_RoadMonths",
                table: "Filing");
        }
    }
}
