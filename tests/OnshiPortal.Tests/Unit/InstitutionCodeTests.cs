using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Unit;

public sealed class InstitutionCodeTests
{
    [Fact]
    public void The_published_example_is_valid()
    {
        var code = InstitutionCode.Parse("0110113719");
        Assert.Equal(1, code.Prefecture);
        Assert.Equal(InstitutionKind.Medical, code.Kind);
    }
}
