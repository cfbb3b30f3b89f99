using Microsoft.Extensions.Options;
using OnshiPortal.Features.Demo;
using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The filing deadline when <c>Filings:Deferral:Deadline</c> is not set. A demo gets one a few months ahead of the day
/// it starts, so every flow (the filing, the letters that name the deadline) can be tried whatever today's date;
/// the seed's fixed 2023 date would close the filing before anyone looked. Anything else gets the seed's date. A
/// configured deadline always wins, demo or not.
/// </summary>
public sealed class FilingDeadline(IConfiguration configuration, IOptions<DemoOptions> demo, TimeProvider clock) : IPostConfigureOptions<FilingOptions>
{
    /// <summary>The seed's 令和5年3月31日.</summary>
    public static readonly DateOnly Seed = new(2023, 3, 31);

    public void PostConfigure(string? name, FilingOptions options)
    {
        // Checked here rather than left to the binder: a key present but empty binds as 0001-01-01, not as unset.
        if (string.IsNullOrWhiteSpace(configuration[FilingOptions.DeadlineKey]))
        {
            options.Deferral.Deadline = demo.Value.Seed ? ForDemo(JapanTime.Today(clock)) : Seed;
        }
    }

    /// <summary>The last day of the third month after <paramref name="today"/>'s: always ahead, and a round date.</summary>
    public static DateOnly ForDemo(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(4).AddDays(-1);
}
