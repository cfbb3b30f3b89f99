using OnshiPortal.Infrastructure.Localization;

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

    /// <summary>
    /// The role's name in the language of the page or mail. Not through the resource file: its 「管理者」 is the
    /// master's (the institution's legal manager) and its 「担当者」 a contact person, both other words in English.
    /// </summary>
    public static string Display(this InstitutionRole role) => Languages.Current == Languages.English ? role.English() : role.Japanese();

    public static string English(this InstitutionRole role) => role switch
    {
        InstitutionRole.Administrator => "Administrator",
        InstitutionRole.Clerk => "Clerk",
        InstitutionRole.Viewer => "Viewer",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    public static string Japanese(this InstitutionRole role) => role switch
    {
        InstitutionRole.Administrator => "管理者",
        InstitutionRole.Clerk => "担当者",
        InstitutionRole.Viewer => "閲覧者",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };
}
