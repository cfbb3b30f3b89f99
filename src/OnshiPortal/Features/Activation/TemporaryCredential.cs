namespace OnshiPortal.Features.Activation;

/// <summary>
/// 仮ID・仮パスワード: what the letter to an institution carries so that it can activate its account once.
/// Only a keyed hash of the password is kept (docs/security.md).
/// </summary>
public sealed class TemporaryCredential
{
    public long Id { get; set; }

    public required string InstitutionCode { get; set; }

    /// <summary>The NN of the login ID: 1 for the first issue, one more for each reissue.</summary>
    public int Sequence { get; set; }

    /// <summary><c>{医療機関等コード}@{NN}</c>, e.g. <c>0110113719@01</c>.</summary>
    public required string LoginId { get; set; }

    public required byte[] Salt { get; set; }

    /// <summary>HMAC-SHA256 over the salt and the password, under the key named by <see cref="KeyId"/>.</summary>
    public required byte[] Hash { get; set; }

    public required string KeyId { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string IssuedBy { get; set; } = string.Empty;

    /// <summary>When it activated its account; it works once.</summary>
    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>When a reissue superseded it.</summary>
    public DateTimeOffset? RevokedAt { get; set; }
}
