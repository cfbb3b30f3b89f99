using OnshiPortal.Features.Subsidy;

namespace OnshiPortal.Tests.Unit.Subsidy;

public sealed class BankAccountTests
{
    [Theory]
    [InlineData("0005", "001", "1", "1234567", "ヤマダ　タロウ", "0005", "001", DepositType.Ordinary, "1234567", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData("０００５", "００１", "普通", "１２３４５", "やまだ たろう", "0005", "001", DepositType.Ordinary, "0012345", "ﾔﾏﾀﾞ ﾀﾛｳ")]
    [InlineData(" 0009 ", " 123 ", "当座", "1", "医療法人社団　サクラカイ", "0009", "123", DepositType.Current, "0000001", "ｲ)ｻｸﾗｶｲ")]
    [InlineData("9900", "019", "2", "0000100", "ｶ)ﾔﾏﾀﾞ", "9900", "019", DepositType.Current, "0000100", "ｶ)ﾔﾏﾀﾞ")]
    public void An_account_is_normalised_to_what_the_file_writes(
        string bank, string branch, string type, string number, string holder,
        string expectedBank, string expectedBranch, DepositType expectedType, string expectedNumber, string expectedHolder)
    {
        var account = BankAccount.Create(bank, branch, type, number, holder, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(account);
        Assert.Equal(expectedBank, account.BankCode);
        Assert.Equal(expectedBranch, account.BranchCode);
        Assert.Equal(expectedType, account.DepositType);
        Assert.Equal(expectedNumber, account.AccountNumber);
        Assert.Equal(expectedHolder, account.HolderName);
    }

    [Theory]
    [InlineData("005", "001", "1", "1234567", "ヤマダ", "BankCode", "金融機関コードは4桁の数字で入力してください（「005」）。")]
    [InlineData("00051", "001", "1", "1234567", "ヤマダ", "BankCode", "金融機関コードは4桁の数字で入力してください（「00051」）。")]
    [InlineData("", "001", "1", "1234567", "ヤマダ", "BankCode", "金融機関コードを入力してください。")]
    [InlineData("0005", "01", "1", "1234567", "ヤマダ", "BranchCode", "支店コードは3桁の数字で入力してください（「01」）。")]
    [InlineData("0005", "0A1", "1", "1234567", "ヤマダ", "BranchCode", "支店コードは3桁の数字で入力してください（「0A1」）。")]
    [InlineData("0005", "001", "4", "1234567", "ヤマダ", "DepositType", "預金種目は普通か当座を選んでください（「4」）。")]
    [InlineData("0005", "001", "", "1234567", "ヤマダ", "DepositType", "預金種目を選んでください。")]
    [InlineData("0005", "001", "1", "12345678", "ヤマダ", "AccountNumber", "口座番号は7桁までの数字で入力してください（「12345678」）。")]
    [InlineData("0005", "001", "1", "123-4567", "ヤマダ", "AccountNumber", "口座番号は7桁までの数字で入力してください（「123-4567」）。")]
    [InlineData("0005", "001", "1", "0000000", "ヤマダ", "AccountNumber", "口座番号「0000000」は正しくありません。通帳の口座番号をご確認ください。")]
    [InlineData("0005", "001", "1", "1234567", "山田", "HolderName", "口座名義に振込で使えない文字があります: 1文字目「山」、2文字目「田」。カナ、英大文字、数字、空白と記号 ( ) - . / , で通帳のとおりに入力してください。")]
    [InlineData("0005", "001", "1", "1234567", "", "HolderName", "口座名義を入力してください。")]
    public void Each_field_has_its_own_error(string bank, string branch, string type, string number, string holder, string field, string message)
    {
        var account = BankAccount.Create(bank, branch, type, number, holder, out var errors);

        Assert.Null(account);
        Assert.Equal(field, Assert.Single(errors).Key);
        Assert.Equal(message, errors[field]);
    }

    [Fact]
    public void Every_wrong_field_is_named_at_once()
    {
        Assert.Null(BankAccount.Create("x", null, null, null, "漢字", out var errors));
        Assert.Equal(["AccountNumber", "BankCode", "BranchCode", "DepositType", "HolderName"], errors.Keys.Order());
    }
}
