using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Unit;

public sealed class InstitutionCodeTests
{
    [Fact]
    public void The_published_example_is_valid()
    {
        var code = InstitutionCode.Parse("0110113719");
        Assert.Equal(1, code.Prefecture);
        Assert.Equal(InstitutionKind.Medical, code.Kind);
    }

    [Theory]
    [InlineData("0110113719", 1, InstitutionKind.Medical)]
    [InlineData("1330100015", 13, InstitutionKind.Dental)]
    [InlineData("2740123456", 27, InstitutionKind.Pharmacy)]
    [InlineData("4719900013", 47, InstitutionKind.Medical)]
    public void Valid_codes_of_each_fee_table_parse(string input, int prefecture, InstitutionKind kind)
    {
        Assert.True(InstitutionCode.TryParse(input, out var code, out var error));
        Assert.Null(error);
        Assert.Equal(input, code.Value);
        Assert.Equal(prefecture, code.Prefecture);
        Assert.Equal(kind, code.Kind);
    }

    [Theory]
    [InlineData("０１１０１１３７１９")]
    [InlineData("01-1-01-1371-9")]
    [InlineData("01 1 01 1371 9")]
    [InlineData("０１ー１ー０１１３７１９")]
    [InlineData("01‐101−13719")]
    [InlineData("  0110113719\t")]
    public void Full_width_digits_spaces_and_hyphens_are_accepted(string input)
    {
        Assert.True(InstitutionCode.TryParse(input, out var code, out var error), error);
        Assert.Equal("0110113719", code.Value);
    }

    [Theory]
    [InlineData(null, "入力してください")]
    [InlineData("", "入力してください")]
    [InlineData("   ", "入力してください")]
    [InlineData("01101137A9", "数字以外")]
    [InlineData("011011371", "9桁です")]
    [InlineData("01101137190", "11桁です")]
    [InlineData("0010113719", "都道府県番号「00」")]
    [InlineData("4810113719", "都道府県番号「48」")]
    [InlineData("0120113719", "点数表番号「2」")]
    [InlineData("0150113719", "点数表番号「5」")]
    [InlineData("0100113719", "点数表番号「0」")]
    [InlineData("0110113718", "検証番号が正しくありません")]
    public void Each_kind_of_invalid_input_gives_its_own_reason(string? input, string reason)
    {
        Assert.False(InstitutionCode.TryParse(input, out _, out var error));
        Assert.NotNull(error);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_throws_with_the_reason()
    {
        var exception = Assert.Throws<FormatException>(() => InstitutionCode.Parse("0110113718"));
        Assert.Contains("検証番号", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckDigit_is_the_luhn_digit_for_any_nine_digits()
    {
        var random = new Random(20260401);
        Span<char> nine = stackalloc char[9];
        for (var i = 0; i < 20_000; i++)
        {
            for (var d = 0; d < 9; d++)
            {
                nine[d] = (char)('0' + random.Next(10));
            }

            var text = new string(nine);
            Assert.Equal(LuhnCheckDigit(text), InstitutionCode.CheckDigit(text));
            Assert.True(LuhnIsValid(text + LuhnCheckDigit(text)), text);
        }
    }

    [Fact]
    public void CheckDigit_refuses_other_than_nine_digits()
    {
        Assert.Throws<ArgumentException>(() => InstitutionCode.CheckDigit("12345678"));
        Assert.Throws<ArgumentException>(() => InstitutionCode.CheckDigit("12345678X"));
    }

    [Theory]
    [InlineData(1, InstitutionKind.Medical, 1, 1371)]
    [InlineData(13, InstitutionKind.Dental, 1, 1)]
    [InlineData(47, InstitutionKind.Pharmacy, 99, 9999)]
    public void Create_round_trips_through_Parse(int prefecture, InstitutionKind kind, int district, int number)
    {
        var code = InstitutionCode.Create(prefecture, kind, district, number);
        var parsed = InstitutionCode.Parse(code.Value);
        Assert.Equal(code, parsed);
        Assert.Equal(prefecture, parsed.Prefecture);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal($"{prefecture:00}{(int)kind}{district:00}{number:0000}", parsed.Value[..9]);
    }

    [Fact]
    public void Create_makes_the_published_example()
    {
        Assert.Equal("0110113719", InstitutionCode.Create(1, InstitutionKind.Medical, 1, 1371).Value);
    }

    [Theory]
    [InlineData("０１１０", "0110")]
    [InlineData("01-10", "0110")]
    [InlineData("", "")]
    [InlineData("01A", null)]
    public void NormalizeDigits_gives_the_digits_of_a_partial_code(string input, string? expected)
    {
        Assert.Equal(expected, InstitutionCode.NormalizeDigits(input));
    }

    /// <summary>The textbook Luhn check, written independently: valid when the doubled-every-second sum ends in 0.</summary>
    private static bool LuhnIsValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    private static int LuhnCheckDigit(string nineDigits) =>
        Enumerable.Range(0, 10).Single(candidate => LuhnIsValid(nineDigits + candidate));
}
