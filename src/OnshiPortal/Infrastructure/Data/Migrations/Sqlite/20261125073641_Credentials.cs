using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Credentials : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InstitutionCode",
                table: "AspNetUsers",
                type: "TEXT",
                unicode: false,
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "LoginThrottleEntries",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    BlockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoginThrottleEntries", x => x.Key);
                });

            migrationBuilder.CreateTable(
                name: "TemporaryCredentials",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InstitutionCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    LoginId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 14, nullable: false),
                    Salt = table.Column<byte[]>(type: "BLOB", maxLength: 16, nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 50, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TemporaryCredentials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TemporaryCredentials_Institutions_InstitutionCode",
                        column: x => x.InstitutionCode,
                        principalTable: "Institutions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_InstitutionCode",
                table: "AspNetUsers",
                column: "InstitutionCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TemporaryCredentials_InstitutionCode_Sequence",
                table: "TemporaryCredentials",
                columns: new[] { "InstitutionCode", "Sequence" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TemporaryCredentials_LoginId",
                table: "TemporaryCredentials",
                column: "LoginId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LoginThrottleEntries");

            migrationBuilder.DropTable(
                name: "TemporaryCredentials");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_InstitutionCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "InstitutionCode",
                table: "AspNetUsers");
        }
    }
}
