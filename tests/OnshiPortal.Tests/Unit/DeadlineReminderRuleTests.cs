using OnshiPortal.Features.Procedures.Reminders;

namespace OnshiPortal.Tests.Unit;

/// <summary>Which reminder of a deadline is due on a day (issue 19's application period, issue 20's 30, 7 and 1 days).</summary>
public sealed class DeadlineReminderRuleTests
{
    [Theory]
    [InlineData("2026-09-30", null)] // before the period opens: nothing can be filed yet
    [InlineData("2027-02-28", null)]
    [InlineData("2027-03-01", 30)]
    [InlineData("2027-03-23", 30)]
    [InlineData("2027-03-24", 7)]
    [InlineData("2027-03-30", 1)]
    [InlineData("2027-03-31", 1)]
    [InlineData("2027-04-01", null)]
    public void The_occasion_due_is_the_fewest_days_before_the_deadline_that_today_has_reached(string today, int? due)
    {
        var reminder = new DeadlineReminder(new DateOnly(2027, 3, 31), [30, 7, 1], db => db.Institutions, "—", new DateOnly(2026, 10, 1));
        Assert.Equal(due, reminder.DueDaysBefore(DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Without_days_nothing_is_due()
    {
        var reminder = new DeadlineReminder(new DateOnly(2027, 3, 31), [], db => db.Institutions, "—");
        Assert.Null(reminder.DueDaysBefore(new DateOnly(2027, 3, 30)));
    }
}
