using System.Globalization;
using OnshiPortal.Infrastructure.Scheduling;

namespace OnshiPortal.Features.Dashboard.Weekly;

/// <summary>The scheduler's weekly run of <see cref="AssociationReports"/> (<c>Scheduler:Jobs:association-reports</c>, Mondays 8:00 in Japan by default).</summary>
public sealed class AssociationReportJob(AssociationReports reports) : IScheduledJob
{
    public const string JobName = "association-reports";

    public string Name => JobName;

    public async Task<ScheduledJobResult> RunAsync(ScheduledOccurrence occurrence, CancellationToken cancellationToken)
    {
        var sent = await reports.SendAsync(cancellationToken);
        return new(string.Create(CultureInfo.InvariantCulture, $"reported to {sent} associations"));
    }
}
