using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReissuePinLettersAndReturns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReissueLetters");

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

            migrationBuilder.AddColumn<string>(
                name: "SealKeyId",
                table: "PostalLetters",
                type: "TEXT",
                unicode: false,
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<byte[]>(
                name: "SealedSecret",
                table: "PostalLetters",
                type: "BLOB",
                maxLength: 92,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SealedUntil",
                table: "PostalLetters",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "RegistrationPins",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SelfRegistrationId = table.Column<long>(type: "INTEGER", nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    HashKeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 50, nullable: false),
                    CodeHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeadAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LetterId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrationPins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegistrationPins_SelfRegistrations_SelfRegistrationId",
                        column: x => x.SelfRegistrationId,
                        principalTable: "SelfRegistrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_ReturnedAt",
                table: "PostalLetters",
                column: "ReturnedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PostalLetters_SealedUntil",
                table: "PostalLetters",
                column: "SealedUntil");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationPins_InstitutionCode_RequestedAt",
                table: "RegistrationPins",
                columns: new[] { "InstitutionCode", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationPins_SelfRegistrationId_Sequence",
                table: "RegistrationPins",
                columns: new[] { "SelfRegistrationId", "Sequence" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RegistrationPins");

            migrationBuilder.DropIndex(
                name: "IX_PostalLetters_ReturnedAt",
                table: "PostalLetters");

            migrationBuilder.DropIndex(
                name: "IX_PostalLetters_SealedUntil",
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

            migrationBuilder.DropColumn(
                name: "SealKeyId",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "SealedSecret",
                table: "PostalLetters");

            migrationBuilder.DropColumn(
                name: "SealedUntil",
                table: "PostalLetters");

            migrationBuilder.CreateTable(
                name: "ReissueLetters",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Downloads = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    InstitutionCode = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    IssuedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    IssuedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    LastDownloadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LetterDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LoginId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 14, nullable: false),
                    SealKeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 50, nullable: true),
                    SealedPassword = table.Column<byte[]>(type: "BLOB", maxLength: 92, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReissueLetters", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReissueLetters_InstitutionCode",
                table: "ReissueLetters",
                column: "InstitutionCode");

            migrationBuilder.CreateIndex(
                name: "IX_ReissueLetters_LoginId",
                table: "ReissueLetters",
                column: "LoginId",
                unique: true);
        }
    }
}
