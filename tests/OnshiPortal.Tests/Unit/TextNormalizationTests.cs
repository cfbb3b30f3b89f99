using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Unit;

public sealed class TextNormalizationTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("佐藤内科クリニック", "佐藤内科クリニック")]
    [InlineData("  佐藤　内科\t\tｸﾘﾆｯｸ  ", "佐藤 内科 クリニック")]
    [InlineData("ＡＢＣ１２３", "ABC123")]
    [InlineData("東京都\r\n千代田区", "東京都 千代田区")]
    [InlineData("ﾊﾞｽ", "バス")]
    [InlineData("①", "1")]
    public void Text_is_nfkc_trimmed_with_single_spaces(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalization.Text(input));
    }

    [Fact]
    public void Text_keeps_an_already_normal_string_as_it_is()
    {
        var value = "医療法人社団佐藤会 新宿中央病院";
        Assert.Same(value, TextNormalization.Text(value));
    }

    [Theory]
    [InlineData("さとうないか", "サトウナイカ")]
    [InlineData(" ｻﾄｳ ﾅｲｶ ", "サトウ ナイカ")]
    [InlineData("ゔぁいおりん", "ヴァイオリン")]
    [InlineData("サトウ", "サトウ")]
    [InlineData(null, "")]
    public void Kana_turns_hiragana_and_half_width_into_katakana(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalization.Kana(input));
    }

    [Theory]
    [InlineData("1000001")]
    [InlineData("100-0001")]
    [InlineData("〒100-0001")]
    [InlineData("〒 100ー0001")]
    [InlineData("１００－０００１")]
    [InlineData("100−0001")]
    [InlineData(" 100 0001 ")]
    public void Postal_codes_are_seven_digits(string input)
    {
        Assert.Equal("1000001", TextNormalization.PostalCode(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("", "入力してください")]
    [InlineData(null, "入力してください")]
    [InlineData("100-001", "7桁")]
    [InlineData("100-00011", "7桁")]
    [InlineData("100-000A", "7桁")]
    public void Other_postal_codes_are_refused_in_japanese(string? input, string reason)
    {
        Assert.Equal(string.Empty, TextNormalization.PostalCode(input, out var error));
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("03-1234-5678", "03-1234-5678")]
    [InlineData("０３－１２３４－５６７８", "03-1234-5678")]
    [InlineData("03ー1234ー5678", "03-1234-5678")]
    [InlineData("0166-12-3456", "0166-12-3456")]
    [InlineData("0312345678", "0312345678")]
    [InlineData("090-1234-5678", "090-1234-5678")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Phone_numbers_are_digits_and_hyphens(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalization.Phone(input, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("03(1234)5678", "数字とハイフン")]
    [InlineData("03 1234 5678", "数字とハイフン")]
    [InlineData("03--1234-5678", "位置")]
    [InlineData("-03-1234-5678", "位置")]
    [InlineData("03-1234-567", "9桁")]
    [InlineData("090-1234-56789", "12桁")]
    [InlineData("3-1234-56789", "0で始まる")]
    public void Other_phone_numbers_are_refused_in_japanese(string input, string reason)
    {
        Assert.Equal(string.Empty, TextNormalization.Phone(input, out var error));
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("03-1234-5678", "0312345678")]
    [InlineData("０３－１２３４", "031234")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void PhoneDigits_keeps_the_digits_only(string? input, string expected)
    {
        Assert.Equal(expected, TextNormalization.PhoneDigits(input));
    }
}
