using OnshiPortal.Features.Campaigns.Letters;

namespace OnshiPortal.Tests.Unit;

public sealed class WarekiTests
{
    [Theory]
    [InlineData(2023, 2, 3, "令和5年2月3日")]
    [InlineData(2023, 3, 31, "令和5年3月31日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2020, 1, 1, "令和2年1月1日")]
    [InlineData(2019, 4, 30, "平成31年4月30日")]
    [InlineData(1989, 1, 8, "平成元年1月8日")]
    [InlineData(1990, 12, 31, "平成2年12月31日")]
    public void Prints_reiwa_and_heisei(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, Wareki.Format(new DateOnly(year, month, day)));
    }

    [Fact]
    public void Showa_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Wareki.Format(new DateOnly(1989, 1, 7)));
    }
}
