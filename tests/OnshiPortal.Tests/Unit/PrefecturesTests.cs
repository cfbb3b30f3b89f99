using OnshiPortal.Features.Institutions;

namespace OnshiPortal.Tests.Unit;

public sealed class PrefecturesTests
{
    [Fact]
    public void There_are_47_in_jis_order()
    {
        Assert.Equal(47, Prefectures.All.Count);
        Assert.Equal(Enumerable.Range(1, 47), Prefectures.All.Select(p => p.Code));
        Assert.Equal("北海道", Prefectures.NameOf(1));
        Assert.Equal("東京都", Prefectures.NameOf(13));
        Assert.Equal("大阪府", Prefectures.NameOf(27));
        Assert.Equal("沖縄県", Prefectures.NameOf(47));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(48)]
    public void Codes_outside_1_to_47_are_refused(int code)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Prefectures.NameOf(code));
    }
}
