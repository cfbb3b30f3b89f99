using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;

namespace OnshiPortal.Tests.Unit;

/// <summary>
/// The rights table of issue 17, cell by cell: who may read, file which procedure, and manage people. The HTTP side
/// (every institution page tried by every role) is Integration.InstitutionRightsTests.
/// </summary>
public sealed class InstitutionRightsTests
{
    private const string Code = "0110113719";

    [Theory]
    //           who                  read   deferral succession people
    [InlineData("Administrator", true, true, true, true)]
    [InlineData("Clerk", true, true, true, false)]
    [InlineData("Viewer", true, false, false, false)]
    [InlineData("VendorDeferral", true, true, false, false)]
    [InlineData("VendorBoth", true, true, true, false)]
    public void Each_role_has_exactly_the_rights_of_the_table(string who, bool read, bool deferral, bool succession, bool people)
    {
        var access = AccessOf(who);
        Assert.Equal(read, access.May(InstitutionRight.Read));
        Assert.Equal(deferral, access.May(InstitutionRight.File, FilingType.Deferral));
        Assert.Equal(succession, access.May(InstitutionRight.File, FilingType.Succession));
        Assert.Equal(deferral || succession, access.May(InstitutionRight.File));
        Assert.Equal(people, access.May(InstitutionRight.ManagePeople));
    }

    [Fact]
    public void A_vendor_sees_only_the_procedures_delegated_to_it()
    {
        var vendor = AccessOf("VendorDeferral");
        Assert.True(vendor.MaySee(FilingType.Deferral));
        Assert.False(vendor.MaySee(FilingType.Succession));
        Assert.False(vendor.May(InstitutionRight.Read, FilingType.Succession));
        Assert.True(AccessOf("Viewer").MaySee(FilingType.Succession));
    }

    [Theory]
    [InlineData("2027-03-31T14:59:59Z", true)] // 23:59:59 on 31 March in Japan: the last day still holds
    [InlineData("2027-03-31T15:00:00Z", false)] // 1 April in Japan: over by itself
    public void A_delegation_holds_through_its_end_date_in_Japan_time(string now, bool active)
    {
        var delegation = Delegation("Deferral");
        Assert.Equal(active, delegation.IsActive(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
        delegation.RevokedAt = DateTimeOffset.Parse("2027-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(delegation.IsActive(DateTimeOffset.Parse("2027-02-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Procedures_are_stored_as_names_and_unknown_ones_are_ignored()
    {
        Assert.Equal("Succession,Deferral", VendorDelegation.FormatProcedures([FilingType.Deferral, FilingType.Succession, FilingType.Deferral]));
        Assert.Equal(new HashSet<FilingType> { FilingType.Deferral }, VendorDelegation.ParseProcedures("Deferral, Subsidy,,"));
    }

    private static InstitutionAccess AccessOf(string who) => who switch
    {
        "Administrator" => new InstitutionAccess(new PortalUser(), Code, InstitutionRole.Administrator, null),
        "Clerk" => new InstitutionAccess(new PortalUser(), Code, InstitutionRole.Clerk, null),
        "Viewer" => new InstitutionAccess(new PortalUser(), Code, InstitutionRole.Viewer, null),
        "VendorDeferral" => new InstitutionAccess(new PortalUser { VendorCompany = "ベンダー" }, Code, null, Delegation("Deferral")),
        "VendorBoth" => new InstitutionAccess(new PortalUser { VendorCompany = "ベンダー" }, Code, null, Delegation("Deferral,Succession")),
        _ => throw new ArgumentOutOfRangeException(nameof(who)),
    };

    private static VendorDelegation Delegation(string procedures) => new()
    {
        InstitutionCode = Code,
        VendorUserId = "vendor",
        Procedures = procedures,
        EndsOn = new DateOnly(2027, 3, 31),
        GrantedBy = "admin@example.jp",
    };
}
