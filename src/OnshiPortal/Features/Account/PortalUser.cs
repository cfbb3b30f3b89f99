using Microsoft.AspNetCore.Identity;

namespace OnshiPortal.Features.Account;

/// <summary>Everyone who logs in: operators of 支払基金 and, later, institution accounts.</summary>
public sealed class PortalUser : IdentityUser
{
    public string DisplayName { get; set; } = string.Empty;

    /// <summary>Set for a password the command line printed once: the holder must choose their own first.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>担当者: whom the operator asks for when calling an institution back.</summary>
    public string ContactPerson { get; set; } = string.Empty;

    /// <summary>The institution whose account this is; null for operators.</summary>
    public string? InstitutionCode { get; set; }
}

public static class Roles
{
    public const string Operator = "Operator";
    public const string Admin = "Admin";

    /// <summary>Both roles may use the back office; Admin may do more (later issues).</summary>
    public const string BackOffice = Operator + "," + Admin;

    public static readonly string[] All = [Operator, Admin];

    public static bool AreBackOffice(IEnumerable<string> roles) => roles.Any(r => r is Operator or Admin);
}
