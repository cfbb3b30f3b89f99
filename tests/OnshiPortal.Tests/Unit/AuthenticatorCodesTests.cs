using OnshiPortal.Features.Account;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>The portal's authenticator check: ±1 time step, and each step accepted once per account.</summary>
public sealed class AuthenticatorCodesTests
{
    private static readonly byte[] Key = "12345678901234567890"u8.ToArray();
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010); // inside step 56,666,667
    private static readonly long Step = Now.ToUnixTimeSeconds() / 30;

    private static string CodeAt(long step) => Totp.Code(Key, step * 30);

    [Theory]
    [InlineData(-2, false)]
    [InlineData(-1, true)]
    [InlineData(0, true)]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void A_code_is_accepted_one_step_either_side_of_now_and_no_further(int offset, bool accepted)
    {
        Assert.Equal(accepted ? Step + offset : null, AuthenticatorCodes.Match(Key, CodeAt(Step + offset), Now, lastStep: null));
    }

    [Theory]
    [InlineData(-1, 0, true)] // last used: the step before; now's code is new
    [InlineData(0, 0, false)] // the same code again: a replay
    [InlineData(0, -1, false)] // an older code after a newer one
    [InlineData(0, 1, true)] // the next step's code (the phone a little ahead) after now's
    [InlineData(1, 0, false)] // now's code after the next step's was accepted
    public void A_step_at_or_before_the_last_accepted_one_is_refused(int lastOffset, int offset, bool accepted)
    {
        Assert.Equal(accepted ? Step + offset : null, AuthenticatorCodes.Match(Key, CodeAt(Step + offset), Now, lastStep: Step + lastOffset));
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData(null)]
    public void Anything_but_six_digits_is_refused(string? code)
    {
        Assert.Null(AuthenticatorCodes.Match(Key, code, Now, lastStep: null));
    }

    [Fact]
    public void Codes_are_the_RFC_6238_codes()
    {
        Assert.Equal("287082", AuthenticatorCodes.CodeAt(Key, 59 / 30));
        Assert.Equal(Totp.Code(Key, 1_111_111_109), AuthenticatorCodes.CodeAt(Key, 1_111_111_109 / 30));
    }
}
