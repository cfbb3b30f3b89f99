using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OnshiPortal.Infrastructure.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CampaignDatedSentences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EnforcementSentence",
                table: "Campaigns",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TransitionSentence",
                table: "Campaigns",
                type: "character varying(300)",
                maxLength: 300,
                nullable: false,
                defaultValue: "");

            // The campaigns made before printed the seed's 2023 sentences (they were the letter's fixed text):
            // they keep them, so that a reprint says what the first print said. Written out here rather than
            // taken from LetterSentences.Seed, which a later version may change.
            migrationBuilder.Sql("""
                UPDATE "Campaigns" SET
                    "EnforcementSentence" = 'オンライン資格確認の導入を原則義務化とすることについては、保険医療機関及び保険医療養担当規則（いわゆる療担規則）等において規定されており、令和5年4月1日より施行されます。',
                    "TransitionSentence" = 'また、令和5年4月からオンライン資格確認の導入が原則義務付けられているところ、令和5年1月17日に療養担当規則等の一部を改正する省令が公布され、**令和4年度末時点でやむを得ない事情がある保険医療機関・薬局は届出を行うことにより、一定期間、導入の義務が猶予される経過措置が設けられることとなりました。**'
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EnforcementSentence",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "TransitionSentence",
                table: "Campaigns");
        }
    }
}
