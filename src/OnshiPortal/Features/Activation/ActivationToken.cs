using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace OnshiPortal.Features.Activation;

/// <summary>The one-time token in the activation link: 256 random bits; only its SHA-256 is stored.</summary>
public static class ActivationToken
{
    public static string New() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
