using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.News;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;

namespace OnshiPortal.Features.Dashboard.Weekly;

/// <summary>
/// 週次集計: the dashboard's figures by prefecture (registration, and the road to 運用開始) as CSV files mailed to each
/// 関係団体 whose contact an operator marked for it, so that the associations can press their members where few have
/// registered. Once per association and week (<see cref="SentReminders"/>): a rerun, a second node or a run after an
/// outage within the week sends nothing twice; the figures are one snapshot for every association of the run.
/// </summary>
public sealed class AssociationReports(PortalDbContext db, RegistrationDashboard dashboard, MailOutbox outbox, IOptions<MailOptions> mail, TimeProvider clock)
{
    public const string Kind = "association-report";

    /// <summary>The week a report belongs to, as ISO 8601 (<c>2026-W50</c>), in Japan.</summary>
    public static string WeekOf(DateTimeOffset at)
    {
        var day = JapanTime.DayOf(at).ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(day)}-W{ISOWeek.GetWeekOfYear(day):00}");
    }

    /// <summary>Mails this week's report to every association that wants it and has not had it; how many were mailed.</summary>
    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var week = WeekOf(now);
        var due = await db.Set<Association>().AsNoTracking()
            .Where(a => a.WeeklyReport && a.Email != string.Empty
                && !db.Set<SentReminder>().Any(r => r.Kind == Kind && r.Occasion == week && r.Subject == a.Id.ToString()))
            .OrderBy(a => a.SortOrder)
            .Select(a => a.Id)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var figures = await dashboard.LoadAsync(cancellationToken);
        var files = Files(figures);
        var sent = 0;
        foreach (var id in due)
        {
            if (await SentReminders.SendOnceAsync(db, Kind, week, id.ToString(CultureInfo.InvariantCulture), now, ct => EnqueueAsync(id, figures, files, ct), cancellationToken))
            {
                sent++;
            }
        }

        return sent;
    }

    private async Task<int> EnqueueAsync(int id, DashboardFigures figures, IReadOnlyList<MailAttachment> files, CancellationToken cancellationToken)
    {
        // Asked again inside the transaction: an operator may have turned the report off or cleared the address since.
        if (await db.Set<Association>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id && a.WeeklyReport && a.Email != string.Empty, cancellationToken) is not { } association)
        {
            return 0;
        }

        outbox.Enqueue(MailTemplate.Render(typeof(AssociationReports), "AssociationReport", new Dictionary<string, string>
        {
            ["AssociationName"] = association.Name,
            ["At"] = Wareki.DateTime(figures.At),
            ["Institutions"] = RateFormat.Count(figures.Overall.Institutions),
            ["Accounts"] = RateFormat.Count(figures.Overall.Accounts),
            ["Rate"] = RateFormat.Percent(figures.Overall.Rate),
            ["Files"] = string.Join("、", files.Select(f => f.FileName)),
            ["Link"] = mail.Value.Link("/"),
        }).To(association.Email, files));
        return 1;
    }

    /// <summary>The two tables by prefecture as the dashboard's own CSV downloads write them (UTF-8 with a BOM, for Excel).</summary>
    public static IReadOnlyList<MailAttachment> Files(DashboardFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        return [File(DashboardTable.Prefectures), File(DashboardTable.RoadPrefectures)];

        MailAttachment File(DashboardTable table)
        {
            using var stream = new MemoryStream();
            DashboardCsv.Write(stream, table, figures, CsvEncoding.Utf8);
            return new MailAttachment(DashboardCsv.FileName(table, figures.At), "text/csv; charset=utf-8", stream.ToArray());
        }
    }
}
