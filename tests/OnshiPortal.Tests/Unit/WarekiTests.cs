using OnshiPortal.Infrastructure;

namespace OnshiPortal.Tests.Unit;

public sealed class WarekiTests
{
    [Theory]
    [InlineData(2023, 2, 3, "令和5年2月3日")]
    [InlineData(2023, 3, 31, "令和5年3月31日")]
    [InlineData(2019, 5, 1, "令和元年5月1日")]
    [InlineData(2019, 12, 31, "令和元年12月31日")]
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

    [Theory]
    [InlineData(2027, 3, 31, "令和9年3月31日（2027年3月31日）")]
    [InlineData(2019, 4, 30, "平成31年4月30日（2019年4月30日）")]
    [InlineData(2019, 5, 1, "令和元年5月1日（2019年5月1日）")]
    [InlineData(2026, 12, 5, "令和8年12月5日（2026年12月5日）")]
    [InlineData(1989, 1, 8, "平成元年1月8日（1989年1月8日）")]
    [InlineData(1989, 1, 7, "1989年1月7日")]
    public void Screens_and_mails_put_the_western_year_in_brackets(int year, int month, int day, string expected)
    {
        Assert.Equal(expected, Wareki.Date(new DateOnly(year, month, day)));
    }

    [Fact]
    public void An_instant_is_read_in_Japan_so_the_last_evening_of_heisei_in_UTC_is_already_reiwa()
    {
        // 2019-04-30 15:30 UTC is 2019-05-01 00:30 JST: the first half hour of 令和.
        var at = new DateTimeOffset(2019, 4, 30, 15, 30, 0, TimeSpan.Zero);
        Assert.Equal("令和元年5月1日（2019年5月1日）", Wareki.Date(at));
        Assert.Equal("令和元年5月1日（2019年5月1日）0:30", Wareki.DateTime(at));
        Assert.Equal("平成31年4月30日（2019年4月30日）23:59", Wareki.DateTime(at.AddMinutes(-31)));
    }
}
