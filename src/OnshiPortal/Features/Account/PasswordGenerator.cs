using System.Security.Cryptography;

namespace OnshiPortal.Features.Account;

/// <summary>Random passwords that a person can read off paper or a console and type without confusing characters.</summary>
public static class PasswordGenerator
{
    /// <summary>No 0/O/o, 1/l/I/i: letters and digits that look alike in print are left out.</summary>
    public const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz";

    public static string Generate(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
