using System.Text;
using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class BankReturnListTests
{
    [Fact]
    public void A_list_names_each_claim_and_its_reason()
    {
        var csv = "金融機関コード,顧客コード1,受取人名,金額,理由\r\n0005,2026000001,ｲ)ｻｸﾗｶｲ,1200000,口座なし\r\n\r\n9900,２０２６０００００２,ﾔﾏﾀﾞ ﾀﾛｳ,1,受取人名相違\r\n0001,12,ｻﾄｳ,5,\"組戻し（依頼人の都合, 再振込予定）\"\r\n";

        var returns = BankReturnList.Read(Encoding.UTF8.GetBytes(csv), out var errors);

        Assert.Empty(errors);
        Assert.Equal(
            [
                new BankReturn(2, "2026000001", "口座なし"),
                new BankReturn(4, "2026000002", "受取人名相違"),
                new BankReturn(5, "0000000012", "組戻し（依頼人の都合, 再振込予定）"),
            ],
            returns);
    }

    [Fact]
    public void Shift_jis_and_a_bom_are_read_too()
    {
        var csv = "顧客コード,不能事由\r\n2026000001,口座解約済\r\n";
        Assert.Single(BankReturnList.Read(ZenginTransferFile.ShiftJis().GetBytes(csv), out _)!);
        Assert.Single(BankReturnList.Read((byte[])[.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], out _)!);
    }

    [Theory]
    [InlineData("顧客コード1,理由\n2026000001,口座なし\nABC,口座なし\n", "3行目: 顧客コード1「ABC」は10桁までの数字でなければなりません。")]
    [InlineData("顧客コード1,理由\n2026000001,口座なし\n12345678901,口座なし\n", "3行目: 顧客コード1「12345678901」は10桁までの数字でなければなりません。")]
    [InlineData("顧客コード1,理由\n2026000001,\n", "2行目: 顧客コード1 2026000001 の理由がありません。")]
    [InlineData("顧客コード1,理由\n,口座なし\n", "2行目: 顧客コード1がありません。")]
    [InlineData("顧客コード1,理由\n2026000001,口座なし\n2026000002,口座なし\n2026000001,相違\n", "4行目: 顧客コード1 2026000001 は2行目にもあります。")]
    [InlineData("口座番号,理由\n1234567,口座なし\n", "1行目: 見出しに「顧客コード1」がありません。")]
    [InlineData("顧客コード1\n2026000001\n", "1行目: 見出しに「理由」がありません。")]
    [InlineData("顧客コード1,理由\n", "2行目: 組戻し・振込不能の行が1つもありません。")]
    [InlineData("", "1行目: ファイルが空です。見出し行（顧客コード1,理由）が必要です。")]
    public void One_wrong_line_and_nothing_is_returned(string csv, string error)
    {
        var returns = BankReturnList.Read(Encoding.UTF8.GetBytes(csv), out var errors);

        Assert.Null(returns);
        Assert.Contains(error, errors);
    }
}
