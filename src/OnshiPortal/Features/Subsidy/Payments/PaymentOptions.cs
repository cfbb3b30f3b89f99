namespace OnshiPortal.Features.Subsidy.Payments;

/// <summary>"Subsidy:Payment": when a closed month is paid.</summary>
public sealed class PaymentOptions
{
    public const string Section = "Subsidy:Payment";

    /// <summary>The day of the month after the closed one the transfers are made (振込指定日); a weekend moves it to the Monday.</summary>
    public int TransferDay { get; set; } = 20;

    /// <summary>振込指定日 of <paramref name="month"/>'s batches: not a Saturday or Sunday (holidays are the bank's to move).</summary>
    public DateOnly TransferDateOf(DateOnly month)
    {
        var next = new DateOnly(month.Year, month.Month, 1).AddMonths(1);
        var day = next.AddDays(Math.Clamp(TransferDay, 1, DateTime.DaysInMonth(next.Year, next.Month)) - 1);
        return day.DayOfWeek switch
        {
            DayOfWeek.Saturday => day.AddDays(2),
            DayOfWeek.Sunday => day.AddDays(1),
            _ => day,
        };
    }
}
