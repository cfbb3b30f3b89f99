using OnshiPortal.Features.Account;

namespace OnshiPortal.Features.People;

/// <summary>The questions about an institution's people that the people page, the call centre, succession and mails all ask.</summary>
public static class PeopleQueries
{
    /// <summary>The institution's named people, removed ones too (not operators, not vendors' people).</summary>
    public static IQueryable<PortalUser> PeopleOf(this IQueryable<PortalUser> users, string institutionCode) =>
        users.Where(u => u.InstitutionCode == institutionCode && u.InstitutionRole != null);

    /// <summary>Those who can act as 管理者 now: an institution needs at least one.</summary>
    public static IQueryable<PortalUser> ActiveAdministrators(this IQueryable<PortalUser> people) =>
        people.Where(u => u.InstitutionRole == InstitutionRole.Administrator && u.State == PersonState.Active);
}
