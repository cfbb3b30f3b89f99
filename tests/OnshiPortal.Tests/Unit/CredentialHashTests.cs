using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Unit;

public sealed partial class CredentialHashTests
{
    private static CredentialKey Key(string id) =>
        new() { Id = id, Secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)) };

    private static CredentialKeyRing Ring(string? current, params CredentialKey[] keys) =>
        new(Options.Create(new CredentialOptions { CurrentKeyId = current, Keys = [.. keys] }));

    [Fact]
    public void A_hash_verifies_only_with_the_right_key_and_password()
    {
        var a = Key("a");
        var salt = CredentialHash.NewSalt();
        var (keyId, hash) = Ring("a", a).HashWithCurrentKey(salt, "Kq7mXr2pZt9w");

        Assert.Equal("a", keyId);
        Assert.Equal(CredentialHash.HashLength, hash.Length);
        Assert.True(Ring("a", a).Verify("a", salt, "Kq7mXr2pZt9w", hash));
        Assert.False(Ring("a", a).Verify("a", salt, "Kq7mXr2pZt9x", hash));
        Assert.False(Ring("a", new CredentialKey { Id = "a", Secret = Key("x").Secret }).Verify("a", salt, "Kq7mXr2pZt9w", hash));
        Assert.False(Ring("a", a).Verify("a", CredentialHash.NewSalt(), "Kq7mXr2pZt9w", hash));
    }

    [Fact]
    public void A_credential_hashed_with_an_old_key_still_verifies_after_rotation()
    {
        var old = Key("2026-01");
        var salt = CredentialHash.NewSalt();
        var (oldId, oldHash) = Ring("2026-01", old).HashWithCurrentKey(salt, "password1234");

        var rotated = Ring("2026-07", old, Key("2026-07"));
        Assert.Equal("2026-07", rotated.CurrentKeyId);
        Assert.Equal("2026-07", rotated.HashWithCurrentKey(salt, "password1234").KeyId);
        Assert.True(rotated.Verify(oldId, salt, "password1234", oldHash));

        // Once the old key is removed its letters stop working, loudly: a configuration mistake, not a wrong password.
        Assert.Throws<InvalidOperationException>(() => Ring("2026-07", Key("2026-07")).Verify(oldId, salt, "password1234", oldHash));
    }

    [Fact]
    public void Short_or_missing_keys_are_refused_at_first_use()
    {
        Assert.Throws<InvalidOperationException>(() => Ring("s", new CredentialKey { Id = "s", Secret = Convert.ToBase64String(new byte[16]) }).CurrentKeyId);
        Assert.Throws<InvalidOperationException>(() => Ring("other", Key("a")).CurrentKeyId);
        Assert.Throws<InvalidOperationException>(() => Ring(null, Key("a"), Key("b")).CurrentKeyId);
        Assert.Equal("a", Ring(null, Key("a")).CurrentKeyId);
    }

    [Fact]
    public void The_comparison_is_constant_time()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", "OnshiPortal", "Features", "Activation", "CredentialHash.cs"));
        Assert.Contains("CryptographicOperations.FixedTimeEquals(", source, StringComparison.Ordinal);
        Assert.DoesNotContain("SequenceEqual", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Passwords_are_12_characters_without_look_alikes()
    {
        foreach (var c in "0O1lIio")
        {
            Assert.DoesNotContain(c, PasswordGenerator.Alphabet);
        }

        Assert.Equal(55, PasswordGenerator.Alphabet.Length); // 12 × log2(55) ≈ 69.4 bits (docs/security.md)
        Assert.Equal(PasswordGenerator.Alphabet.Length, PasswordGenerator.Alphabet.Distinct().Count());
        for (var i = 0; i < 200; i++)
        {
            var password = PasswordGenerator.Generate(TemporaryCredentials.PasswordLength);
            Assert.Equal(12, password.Length);
            Assert.All(password, c => Assert.Contains(c, PasswordGenerator.Alphabet));
        }
    }

    [Fact]
    public void Login_IDs_are_the_code_and_a_two_digit_issue_number_and_typed_variants_normalise()
    {
        Assert.Equal("0110113719@01", LoginId.Format("0110113719", 1));
        Assert.Equal("0110113719@02", LoginId.Format("0110113719", 2));
        Assert.Equal("0110113719@12", LoginId.Format("0110113719", 12));
        Assert.Matches(LoginIdPattern(), LoginId.Format("0110113719", 7));
        Assert.Equal("0110113719@01", LoginId.Normalize(" ０１１０１１３７１９＠０１\u3000"));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(5, 0)]
    [InlineData(6, 2)]
    [InlineData(7, 4)]
    [InlineData(14, 512)]
    [InlineData(15, 900)]
    [InlineData(1000, 900)]
    public void Address_delays_double_from_2_seconds_after_5_free_failures_up_to_15_minutes(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ThrottleRules.AddressDelay(failures));

    [Theory]
    [InlineData(10, 0)]
    [InlineData(11, 1)]
    [InlineData(12, 2)]
    [InlineData(16, 32)]
    [InlineData(17, 60)]
    [InlineData(int.MaxValue, 60)]
    public void Credential_delays_double_from_1_second_after_10_free_failures_capped_at_a_minute(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ThrottleRules.CredentialDelay(failures));

    [Theory]
    [InlineData("203.0.113.5", "ip:203.0.113.5")]
    [InlineData("::ffff:203.0.113.5", "ip:203.0.113.5")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64")]
    public void Addresses_are_counted_by_IPv4_address_and_IPv6_64_block(string address, string key) =>
        Assert.Equal(key, LoginThrottle.AddressKey(address));

    [GeneratedRegex(@"^\d{10}@\d{2}$")]
    private static partial Regex LoginIdPattern();
}
