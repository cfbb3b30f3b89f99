using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WeeklyReportsAndFollowUps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "WeeklyReport",
                table: "Associations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "OutboxAttachments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OutboxMessageId = table.Column<long>(type: "bigint", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OutboxAttachments_OutboxMessages_OutboxMessageId",
                        column: x => x.OutboxMessageId,
                        principalTable: "OutboxMessages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 1,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 2,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 3,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 4,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 5,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 6,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 7,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 8,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 9,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 10,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 11,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 12,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 13,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 14,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 15,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 16,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 17,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 18,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 19,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 20,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 21,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 22,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.UpdateData(
                table: "Associations",
                keyColumn: "Id",
                keyValue: 23,
                column: "WeeklyReport",
                value: false);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxAttachments_OutboxMessageId",
                table: "OutboxAttachments",
                column: "OutboxMessageId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OutboxAttachments");

            migrationBuilder.DropColumn(
                name: "WeeklyReport",
                table: "Associations");
        }
    }
}
