namespace OnshiPortal.Features.Activation;

/// <summary>A newly issued credential: the only time its password exists outside the letter.</summary>
public sealed record IssuedCredential(string InstitutionCode, string LoginId, string Password, DateTimeOffset ExpiresAt);

/// <summary>A code for which no credential was issued, and why (in Japanese, for the operator).</summary>
public sealed record RefusedCode(string Code, string Reason);

public sealed record CredentialBatch(IReadOnlyList<IssuedCredential> Issued, IReadOnlyList<RefusedCode> Refused);

public enum CredentialOutcome
{
    Valid,
    Unknown,
    WrongPassword,
    Expired,

    /// <summary>A later letter was issued for the institution.</summary>
    Superseded,

    /// <summary>It has already activated the account.</summary>
    Used,
}

/// <param name="Credential">Set when <see cref="CredentialOutcome.Valid"/>.</param>
public sealed record CredentialCheck(CredentialOutcome Outcome, TemporaryCredential? Credential = null)
{
    public bool IsValid => Outcome == CredentialOutcome.Valid;
}

/// <summary>No credential may be issued for this institution; the message says why, in Japanese.</summary>
public sealed class CredentialRefusedException(string reason) : Exception(reason);
