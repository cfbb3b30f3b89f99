using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

/// <summary>The test's authenticator app against RFC 6238 Appendix B (8 digits; SHA-1, SHA-256, SHA-512 seeds).</summary>
public sealed class TotpTests
{
    private static readonly byte[] Sha1Seed = "12345678901234567890"u8.ToArray();
    private static readonly byte[] Sha256Seed = "12345678901234567890123456789012"u8.ToArray();
    private static readonly byte[] Sha512Seed = "1234567890123456789012345678901234567890123456789012345678901234"u8.ToArray();

    [Theory]
    [InlineData(59L, "94287082", "46119246", "90693936")]
    [InlineData(1111111109L, "07081804", "68084774", "25091201")]
    [InlineData(1111111111L, "14050471", "67062674", "99943326")]
    [InlineData(1234567890L, "89005924", "91819424", "93441116")]
    [InlineData(2000000000L, "69279037", "90698825", "38618901")]
    [InlineData(20000000000L, "65353130", "77737706", "47863826")]
    public void Codes_match_the_RFC_6238_test_vectors(long unixSeconds, string sha1, string sha256, string sha512)
    {
        Assert.Equal(sha1, Totp.Code(Sha1Seed, unixSeconds, digits: 8, algorithm: "SHA1"));
        Assert.Equal(sha256, Totp.Code(Sha256Seed, unixSeconds, digits: 8, algorithm: "SHA256"));
        Assert.Equal(sha512, Totp.Code(Sha512Seed, unixSeconds, digits: 8, algorithm: "SHA512"));
    }

    [Fact]
    public void Six_digit_codes_are_the_last_six_digits_and_Base32_keys_decode_per_RFC_4648()
    {
        Assert.Equal("287082", Totp.Code(Sha1Seed, 59));
        Assert.Equal("foobar"u8.ToArray(), Totp.Base32Decode("MZXW6YTBOI======"));
        Assert.Equal(Sha1Seed, Totp.Base32Decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
    }
}
