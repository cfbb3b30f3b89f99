using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;

namespace OnshiPortal.Features.Procedures.Reminders;

/// <summary>
/// 期限のお知らせ: for every procedure with a deadline (<see cref="Procedure.Reminder"/>: 経過措置届出, 補助金申請),
/// the days before it that are configured, each active institution that still has to file it is reminded through
/// the outbox, by the people who want reminders (<see cref="MailTopics.Reminders"/>). Each occasion goes once per
/// institution (<see cref="SentReminders"/>), however often and on however many nodes this runs; a run that comes
/// late sends the latest occasion due and never an earlier one ("30 days left" is not sent with 6 days left).
/// </summary>
public sealed class DeadlineReminders(PortalDbContext db, MailOutbox outbox, IServiceProvider services, IOptions<MailOptions> mail, TimeProvider clock)
{
    /// <summary>The reminder's kind for a procedure: <c>deadline:subsidy</c>.</summary>
    public static string KindOf(Procedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return "deadline:" + procedure.Slug;
    }

    /// <summary>Sends today's occasion of every procedure to those not yet reminded of it; how many institutions were reminded.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var sent = 0;
        foreach (var procedure in ProcedureCatalog.All)
        {
            if (procedure.Reminder(services) is { } reminder)
            {
                sent += await SendDueAsync(procedure, reminder, cancellationToken);
            }
        }

        return sent;
    }

    private async Task<int> SendDueAsync(Procedure procedure, DeadlineReminder reminder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var today = JapanTime.DayOf(now);
        if (reminder.DueDaysBefore(today) is not { } days)
        {
            return 0;
        }

        var kind = KindOf(procedure);
        var occasion = string.Create(CultureInfo.InvariantCulture, $"{reminder.Deadline:yyyy-MM-dd}/{days}");
        var due = Due(reminder, kind, occasion);
        return await Batches.EachKeyAsync(
            from => due.Where(i => string.Compare(i.Code, from) > 0).OrderBy(i => i.Code).Select(i => i.Code),
            code => SentReminders.SendOnceAsync(db, kind, occasion, code, now, ct => EnqueueAsync(procedure, reminder, code, today, ct), cancellationToken),
            cancellationToken);
    }

    /// <summary>Still to file, active, somebody to read it, not reminded of this occasion.</summary>
    private IQueryable<Institution> Due(DeadlineReminder reminder, string kind, string occasion) =>
        reminder.StillToFile(db).AsNoTracking().Where(i => i.Status == InstitutionStatus.Active
            && db.Users.Any(u => u.InstitutionCode == i.Code && u.State == PersonState.Active)
            && !db.Set<SentReminder>().Any(r => r.Kind == kind && r.Occasion == occasion && r.Subject == i.Code));

    private async Task<int> EnqueueAsync(Procedure procedure, DeadlineReminder reminder, string code, DateOnly today, CancellationToken cancellationToken)
    {
        // Asked again inside the transaction: what was filed since the list was read is not reminded of.
        if (await reminder.StillToFile(db).AsNoTracking().FirstOrDefaultAsync(i => i.Code == code, cancellationToken) is not { } institution)
        {
            return 0;
        }

        var recipients = await InstitutionMail.RecipientsAsync(db, code, MailTopics.Reminders, cancellationToken: cancellationToken);
        foreach (var recipient in recipients)
        {
            using (Languages.Use(recipient.Language))
            {
                outbox.Enqueue(MailTemplate.Render(typeof(DeadlineReminders), "DeadlineReminder", new Dictionary<string, string>
                {
                    ["ProcedureName"] = Languages.IsEnglish ? procedure.EnglishName : procedure.Name,
                    ["ProcedureTitle"] = Languages.IsEnglish ? procedure.EnglishTitle : procedure.Title,
                    ["InstitutionName"] = institution.Name,
                    ["InstitutionCode"] = institution.Code,
                    ["Why"] = Ui.Text(reminder.Why),
                    ["Deadline"] = Wareki.Date(reminder.Deadline),
                    ["DaysLeft"] = (reminder.Deadline.DayNumber - today.DayNumber).ToString(CultureInfo.InvariantCulture),
                    ["FormUrl"] = mail.Value.Link(procedure.FormPath),
                    ["SettingsUrl"] = mail.Value.Link("/account/notifications"),
                }).To(recipient.Email));
            }
        }

        return recipients.Count;
    }
}
