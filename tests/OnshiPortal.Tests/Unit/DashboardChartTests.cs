using OnshiPortal.Features.Dashboard;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Tests.Unit;

public sealed class FunnelTests
{
    [Fact]
    public void Each_step_has_its_rate_from_the_step_before_and_from_the_first()
    {
        var funnel = Funnel.From("DM", [new("letters", 200), new("login", 120), new("requested", 90), new("activated", 81)]);

        Assert.Equal(["letters", "login", "requested", "activated"], funnel.Stages.Select(s => s.Name));
        Assert.Equal([null, 0.6, 0.75, 0.9], funnel.Stages.Select(s => s.FromPrevious));
        Assert.Equal([1.0, 0.6, 0.45, 0.405], funnel.Stages.Select(s => s.FromFirst));
        Assert.Equal(200, funnel.Largest);
    }

    [Fact]
    public void A_step_after_an_empty_step_has_no_rate_rather_than_a_division_by_zero()
    {
        var funnel = Funnel.From("DM", [new("letters", 0), new("login", 0)]);
        Assert.All(funnel.Stages, s => Assert.Null(s.FromPrevious));
        Assert.All(funnel.Stages, s => Assert.Null(s.FromFirst));
        Assert.Equal("—", RateFormat.Percent(funnel.Stages[1].FromPrevious));
    }

    [Fact]
    public void A_funnel_needs_steps_and_counts_of_zero_or_more()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Funnel.From("DM", []));
        Assert.Throws<ArgumentOutOfRangeException>(() => Funnel.From("DM", [new("letters", -1)]));
    }

    [Fact]
    public void The_funnel_chart_draws_bars_against_the_largest_step_and_says_each_rate()
    {
        var chart = FunnelChart.Of(Funnel.From("DM", [new("letters", 200), new("login", 50)]));
        Assert.Equal([FunnelChart.PlotWidth, FunnelChart.PlotWidth / 4], chart.Bars.Select(b => b.Width));
        Assert.Equal("200件", chart.Bars[0].ValueText);
        Assert.Equal("50件（前段階の25.0%）", chart.Bars[1].ValueText);
        Assert.Equal("DMの到達状況: letters 200件、login 50件（25.0%）", chart.Summary);
        Assert.All(FunnelChart.Of(Funnel.From("DM", [new("letters", 0)])).Bars, b => Assert.Equal(0, b.Width));
    }
}

public sealed class DashboardChartTests
{
    [Fact]
    public void Bars_are_as_long_as_their_rate_on_a_fixed_axis_of_0_to_100_percent()
    {
        var chart = BarChart.OfRates("summary", [new("01", "北海道", 4, 1), new("02", "青森県", 0, 0), new("13", "東京都", 2, 2)]);

        Assert.Equal([BarChart.PlotWidth / 4, 0, BarChart.PlotWidth], chart.Bars.Select(b => b.Width));
        Assert.Equal(["25.0%", "—", "100.0%"], chart.Bars.Select(b => b.ValueText));
        Assert.Equal(["0%", "25%", "50%", "75%", "100%"], chart.Ticks.Select(t => t.Label));
        Assert.Equal(BarChart.Top + (2 * BarChart.RowHeight), chart.Bars[2].Y);
        Assert.Equal(BarChart.Top + (3 * BarChart.RowHeight) + 8, chart.Height);
    }

    [Fact]
    public void The_line_scales_to_a_round_percentage_above_its_highest_point()
    {
        var points = new List<DailyPoint>
        {
            new(new DateOnly(2026, 4, 8), 3, 3, 0.03),
            new(new DateOnly(2026, 4, 9), 3, 6, 0.06),
            new(new DateOnly(2026, 4, 10), 2, 8, 0.08),
        };
        var chart = LineChart.OfRates("summary", points);

        // Axis up to 10%: 8% is 80% of the height above the bottom.
        Assert.Equal(["0.0%", "2.5%", "5.0%", "7.5%", "10.0%"], chart.ValueTicks.Select(t => t.Label));
        var y = LineChart.Bottom - ((LineChart.Bottom - LineChart.Top) * 0.8);
        Assert.Equal($"64,{RateFormat.Number(LineChart.Bottom - ((LineChart.Bottom - LineChart.Top) * 0.3))} 382,{RateFormat.Number(LineChart.Bottom - ((LineChart.Bottom - LineChart.Top) * 0.6))} 700,{RateFormat.Number(y)}", chart.Points);
        Assert.Equal(["2026/04/08", "2026/04/09", "2026/04/10"], chart.DayTicks.Select(t => t.Label));
    }

    [Fact]
    public void A_single_day_is_one_point_in_the_middle()
    {
        var chart = LineChart.OfRates("summary", [new(new DateOnly(2026, 4, 8), 1, 1, 1.0)]);
        Assert.Equal($"382,{RateFormat.Number(LineChart.Top)}", chart.Points);
        Assert.Equal("100.0%", chart.ValueTicks[^1].Label);
        Assert.Single(chart.DayTicks);
    }

    [Fact]
    public void The_series_fills_days_without_accounts_and_accumulates()
    {
        var first = new DateOnly(2026, 4, 8);
        var series = RegistrationDashboard.Series(new Dictionary<long, long> { [first.DayNumber] = 2, [first.DayNumber + 2] = 1 }, first, first.AddDays(3), 4);

        Assert.Equal([2L, 0, 1, 0], series.Select(p => p.NewAccounts));
        Assert.Equal([2L, 2, 3, 3], series.Select(p => p.Cumulative));
        Assert.Equal([0.5, 0.5, 0.75, 0.75], series.Select(p => p.Rate!.Value));
        Assert.All(RegistrationDashboard.Series(new Dictionary<long, long> { [first.DayNumber] = 1 }, first, first, 0), p => Assert.Null(p.Rate));
    }

    [Theory]
    [InlineData("2026-04-07T14:59:59Z", "2026-04-07")]
    [InlineData("2026-04-07T15:00:00Z", "2026-04-08")]
    [InlineData("2026-04-08T09:00:00+09:00", "2026-04-08")]
    public void A_day_is_a_day_in_japan(string instant, string day)
    {
        Assert.Equal(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture), JapanTime.DayOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
