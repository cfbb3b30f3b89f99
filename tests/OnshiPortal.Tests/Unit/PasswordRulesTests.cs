using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;

namespace OnshiPortal.Tests.Unit;

/// <summary>The password rules as a table: length in characters after NFKC, common passwords decorated, the account's context.</summary>
public sealed class PasswordRulesTests
{
    private static readonly PasswordContext Clinic = new("sakura.naika@example.jp", "0110113719", "さくら内科クリニック");

    [Theory]
    // Long enough, nothing known: accepted.
    [InlineData("kusunoki-sakura-2026", null)]
    [InlineData("春はあけぼのやうやう白く", null)] // 12 Japanese characters
    [InlineData("たびにやんでゆめはかれのを", null)]
    // Length in user-perceived characters after NFKC.
    [InlineData("short-pass1", PasswordRules.TooShort)] // 11
    [InlineData("ｓｈｏｒｔ－ｐａｓｓ１", PasswordRules.TooShort)] // full-width, still 11
    [InlineData("ｓｈｏｒｔ－ｐａｓｓ１２", null)] // full-width 12
    [InlineData("か\u3099か\u3099か\u3099か\u3099か\u3099か\u3099", PasswordRules.TooShort)] // 12 UTF-16 units, 6 characters (が)
    [InlineData("👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽", PasswordRules.TooShort)] // 24 UTF-16 units, 6 characters
    [InlineData("abc      def", PasswordRules.TooShort)] // runs of spaces count once: 7
    [InlineData("㍻㍻㍻㍻㍻㍻", null)] // 6 typed, 12 in NFKC (平成)
    // Common passwords, as they are and with digits or symbols around them.
    [InlineData("password1234", PasswordRules.Common)]
    [InlineData("Password2024!", PasswordRules.Common)]
    [InlineData("!!qwerty123456", PasswordRules.Common)]
    [InlineData("ｐａｓｓｗｏｒｄ２０２４", PasswordRules.Common)]
    // The account's context.
    [InlineData("sakura.naika@example.jp", PasswordRules.FromContext)]
    [InlineData("sakura.naika2026", PasswordRules.FromContext)]
    [InlineData("Sakura.Naika!!!!", PasswordRules.FromContext)]
    [InlineData("0110113719abc", PasswordRules.FromContext)]
    [InlineData("０１１０１１３７１９＃＃", PasswordRules.FromContext)]
    [InlineData("さくら内科クリニック2026", PasswordRules.FromContext)]
    [InlineData("オンライン資格確認20240401", PasswordRules.FromContext)]
    [InlineData("onshi-portal-2026", PasswordRules.FromContext)]
    [InlineData("Portal@Onshi#123", PasswordRules.FromContext)]
    // A long passphrase that merely contains one of them is not built from it.
    [InlineData("my portal has twelve more letters", null)]
    public void A_password_is_checked_against_the_rules(string password, string? problem)
    {
        Assert.Equal(problem, PasswordRules.Check(password, Clinic));
    }

    [Theory]
    [InlineData("ＰＡＳＳ　ｗｏｒｄ　ｋｏｋｏ　２０２６", "PASS word koko 2026")]
    [InlineData("a  b\t\tc\u3000\u3000d", "a b c d")]
    [InlineData("plain-ascii-password", "plain-ascii-password")]
    public void Normalisation_is_NFKC_with_runs_of_spaces_as_one(string typed, string normalized)
    {
        Assert.Equal(normalized, PasswordText.Normalize(typed));
    }

    [Fact]
    public void A_password_set_half_width_logs_in_typed_full_width_and_old_hashes_still_verify()
    {
        var hasher = new NormalizingPasswordHasher(Options.Create(new PasswordHasherOptions()));
        var user = new PortalUser();
        var hash = hasher.HashPassword(user, "Kusunoki Sakura 2026");
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "Ｋｕｓｕｎｏｋｉ　Ｓａｋｕｒａ　２０２６"));
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, hash, "Kusunoki  Sakura 2026"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(user, hash, "Kusunoki Sakura 2027"));

        // A hash made before normalisation, of a password whose normalised form differs: it verifies as typed, and
        // Identity is asked to store it again normalised.
        var old = new PasswordHasher<PortalUser>().HashPassword(user, "ｚｅｎｋａｋｕ  ｐａｓｓｗｏｒｄ");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, hasher.VerifyHashedPassword(user, old, "ｚｅｎｋａｋｕ  ｐａｓｓｗｏｒｄ"));
        var ascii = new PasswordHasher<PortalUser>().HashPassword(user, "plain-ascii-password");
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(user, ascii, "plain-ascii-password"));
    }

    [Fact]
    public void The_hasher_takes_its_round_count_from_the_configured_options()
    {
        // Made without the options, it once hashed at the library's default whatever was configured.
        var user = new PortalUser();
        var configured = new NormalizingPasswordHasher(Options.Create(new PasswordHasherOptions { IterationCount = 1_234 }));
        Assert.Equal(1_234, RoundsOf(configured.HashPassword(user, "kusunoki-sakura-2026")));
        var byDefault = new NormalizingPasswordHasher(Options.Create(new PasswordHasherOptions()));
        Assert.Equal(100_000, RoundsOf(byDefault.HashPassword(user, "kusunoki-sakura-2026")));
    }

    /// <summary>The round count an Identity V3 hash records: after the format byte (1) and the PRF, big-endian.</summary>
    private static int RoundsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }
}
