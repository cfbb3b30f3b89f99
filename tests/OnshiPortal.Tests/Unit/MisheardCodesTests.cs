using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Institutions.Search;

namespace OnshiPortal.Tests.Unit;

public sealed class MisheardCodesTests
{
    private static readonly string Valid = InstitutionCode.Create(13, InstitutionKind.Medical, 12, 3456).Value;

    [Fact]
    public void Every_code_near_a_misheard_one_is_valid_and_one_digit_or_one_neighbour_swap_away()
    {
        var misheard = Valid[..9] + (char)('0' + ((Valid[9] - '0' + 3) % 10));
        var near = MisheardCodes.Near(misheard);

        Assert.Contains(Valid, near); // the check digit itself misheard
        Assert.All(near, code =>
        {
            Assert.True(InstitutionCode.TryParse(code, out _, out _), code);
            var differing = Enumerable.Range(0, 10).Where(i => code[i] != misheard[i]).ToList();
            var swapped = differing.Count == 2 && differing[1] == differing[0] + 1
                && code[differing[0]] == misheard[differing[1]] && code[differing[1]] == misheard[differing[0]];
            Assert.True(differing.Count == 1 || swapped, $"{code} is neither one digit nor a neighbour swap from {misheard}");
        });
        Assert.DoesNotContain(misheard, near);
    }

    [Fact]
    public void A_swap_of_two_neighbours_is_found_back()
    {
        // A code whose two middle digits differ, read out in the wrong order: the swap fails the check digit
        // (the 2-1 rule catches every neighbour swap except 0 and 9) and the true code is among the candidates.
        var code = InstitutionCode.Create(27, InstitutionKind.Pharmacy, 31, 2745).Value;
        var heard = code[..5] + code[6] + code[5] + code[7..];
        Assert.False(InstitutionCode.TryParse(heard, out _, out _));
        Assert.True(MisheardCodes.CheckDigitFails(heard));
        Assert.Contains(code, MisheardCodes.Near(heard));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("13a2345678")]
    [InlineData("")]
    public void Anything_but_ten_digits_has_no_near_codes(string typed) => Assert.Empty(MisheardCodes.Near(typed));

    [Fact]
    public void A_valid_code_does_not_fail_its_check_digit() => Assert.False(MisheardCodes.CheckDigitFails(Valid));
}
