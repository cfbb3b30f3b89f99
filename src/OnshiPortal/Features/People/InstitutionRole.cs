namespace OnshiPortal.Features.People;

/// <summary>A named person's role inside an institution (DESIGN.md: InstitutionRole). Stored as its number.</summary>
public enum InstitutionRole
{
    /// <summary>管理者: manages the institution's people and vendors, and may do everything else.</summary>
    Administrator = 1,

    /// <summary>担当者: fills in and files procedures.</summary>
    Clerk = 2,

    /// <summary>閲覧者: reads the institution's status and filings, changes nothing.</summary>
    Viewer = 3,
}

public static class InstitutionRoles
{
    public static readonly InstitutionRole[] All = [InstitutionRole.Administrator, InstitutionRole.Clerk, InstitutionRole.Viewer];

    public static string Japanese(this InstitutionRole role) => role switch
    {
        InstitutionRole.Administrator => "管理者",
        InstitutionRole.Clerk => "担当者",
        InstitutionRole.Viewer => "閲覧者",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
