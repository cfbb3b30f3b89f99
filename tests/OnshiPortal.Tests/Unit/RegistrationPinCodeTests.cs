using OnshiPortal.Features.Registration;

namespace OnshiPortal.Tests.Unit;

/// <summary>The confirmation code as typed from the PIN letter: the printed grouping and full-width input are forgiven, nothing else.</summary>
public sealed class RegistrationPinCodeTests
{
    [Theory]
    [InlineData("1234-5678", "12345678")]
    [InlineData("12345678", "12345678")]
    [InlineData(" 1234 5678 ", "12345678")]
    [InlineData("１２３４－５６７８", "12345678")]
    [InlineData("1234ー5678", "12345678")]
    [InlineData("1234‐5678", "12345678")]
    public void An_entry_as_printed_or_typed_on_a_japanese_keyboard_is_its_eight_digits(string entered, string digits) =>
        Assert.Equal(digits, RegistrationPins.Normalize(entered));

    [Theory]
    [InlineData("1234-567")]
    [InlineData("123456789")]
    [InlineData("1234-567O")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_no_code(string? entered) => Assert.Null(RegistrationPins.Normalize(entered));

    [Fact]
    public void The_letter_prints_it_in_two_groups_of_four() => Assert.Equal("0042-0815", RegistrationPins.Grouped("00420815"));
}
