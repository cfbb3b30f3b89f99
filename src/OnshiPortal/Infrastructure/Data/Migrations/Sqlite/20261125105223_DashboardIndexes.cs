using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DashboardIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_TemporaryCredentials_InstitutionCode_UsedAt",
                table: "TemporaryCredentials",
                columns: new[] { "InstitutionCode", "UsedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions",
                columns: new[] { "Status", "Prefecture", "Kind", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_InstitutionCode",
                table: "AuditEntries",
                columns: new[] { "Action", "InstitutionCode" });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_CreatedAt_InstitutionCode",
                table: "AspNetUsers",
                columns: new[] { "CreatedAt", "InstitutionCode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TemporaryCredentials_InstitutionCode_UsedAt",
                table: "TemporaryCredentials");

            migrationBuilder.DropIndex(
                name: "IX_Institutions_Dashboard",
                table: "Institutions");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Action_InstitutionCode",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_CreatedAt_InstitutionCode",
                table: "AspNetUsers");
        }
    }
}
