using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Infrastructure.Mail.Reminders;

namespace OnshiPortal.Features.Procedures.Drafts;

/// <summary>
/// 入力途中の手続きのお知らせ: the person who saved a draft (<see cref="SavedDraft"/>) and left it untouched for
/// <see cref="DraftOptions.RemindAfterDays"/> days is mailed once, through the outbox, with a link that opens the form
/// with its entries. Once per save: the occasion is the draft's <see cref="SavedDraft.Version"/>, so a rerun or a
/// second node sends nothing twice (<see cref="SentReminders"/>), and saving again starts a new occasion. Never once
/// the draft is deleted or its procedure filed since it was saved (by anyone of the institution), never to a person
/// who muted <see cref="MailTopics.Drafts"/> or who is no longer active. The same run deletes expired drafts.
/// </summary>
public sealed class DraftReminders(PortalDbContext db, SavedDrafts drafts, MailOutbox outbox, IOptions<MailOptions> mail, TimeProvider clock)
{
    public const string Kind = "draft";

    /// <summary>Deletes the expired drafts, then reminds of those left long enough; how many mails, how many deleted.</summary>
    public async Task<(int Reminded, int Deleted)> RunAsync(CancellationToken cancellationToken)
    {
        var deleted = await drafts.DeleteExpiredAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var leftSince = now.AddDays(-drafts.Options.RemindAfterDays);
        var expired = now.AddDays(-drafts.Options.KeepDays);
        var reminded = 0;
        var last = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await Due(leftSince, expired).Where(d => d.Id > last).OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.Version, d.SavedBy }).Take(Batches.Size).ToListAsync(cancellationToken);
            foreach (var draft in due)
            {
                var mails = 0;
                if (await SentReminders.SendOnceAsync(db, Kind, draft.Version, draft.SavedBy, now, async ct => mails = await EnqueueAsync(draft.Id, draft.Version, ct), cancellationToken))
                {
                    reminded += mails;
                }
            }

            if (due.Count < Batches.Size)
            {
                break;
            }

            last = due[^1].Id;
        }

        return (reminded, deleted);
    }

    /// <summary>Left since <paramref name="leftSince"/>, not expired, not filed since, its person wanting it, not yet reminded of this save.</summary>
    private IQueryable<SavedDraft> Due(DateTimeOffset leftSince, DateTimeOffset expired) =>
        db.Set<SavedDraft>().AsNoTracking().Where(d => d.SavedAt <= leftSince && d.SavedAt > expired
            && db.Users.Any(u => u.Id == d.SavedBy && u.State == PersonState.Active && u.Email != null && (u.MutedMails & MailTopics.Drafts) == 0)
            && !db.Set<Filing>().Any(f => f.InstitutionCode == d.InstitutionCode && f.Type == d.Type && f.SubmittedAt >= d.SavedAt)
            && !db.Set<SentReminder>().Any(r => r.Kind == Kind && r.Occasion == d.Version && r.Subject == d.SavedBy));

    private async Task<int> EnqueueAsync(long id, string version, CancellationToken cancellationToken)
    {
        // Asked again inside the transaction: a draft deleted, saved again or filed since the list was read is not reminded of.
        var draft = await db.Set<SavedDraft>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.Version == version, cancellationToken);
        if (draft is null || await db.Set<Filing>().AnyAsync(f => f.InstitutionCode == draft.InstitutionCode && f.Type == draft.Type && f.SubmittedAt >= draft.SavedAt, cancellationToken))
        {
            return 0;
        }

        var person = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == draft.SavedBy && u.State == PersonState.Active && u.Email != null, cancellationToken);
        if (person is null || !person.Wants(MailTopics.Drafts))
        {
            return 0;
        }

        var procedure = ProcedureCatalog.Of(draft.Type);
        var savedOn = JapanTime.DayOf(draft.SavedAt);
        var institutionName = await InstitutionNames.OfAsync(db, draft.InstitutionCode, cancellationToken);
        using (Languages.Use(person.Language))
        {
            outbox.Enqueue(MailTemplate.Render(typeof(DraftReminders), "DraftReminder", new Dictionary<string, string>
            {
                ["ProcedureName"] = Languages.IsEnglish ? procedure.EnglishName : procedure.Name,
                ["ProcedureTitle"] = Languages.IsEnglish ? procedure.EnglishTitle : procedure.Title,
                ["InstitutionName"] = institutionName,
                ["InstitutionCode"] = draft.InstitutionCode,
                ["SavedOn"] = Wareki.Date(savedOn),
                ["DeletedOn"] = Wareki.Date(savedOn.AddDays(drafts.Options.KeepDays)),
                ["DraftUrl"] = mail.Value.Link(DraftLinks.Resume(procedure)),
                ["SettingsUrl"] = mail.Value.Link("/account/notifications"),
            }).To(person.Email!));
        }

        return 1;
    }
}

/// <summary>The draft's links: the form with its entries (a GET, from マイページ and the mail).</summary>
public static class DraftLinks
{
    public static string Resume(Procedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.FormPath + "?resume=true";
    }

    public static string Delete(Procedure procedure)
    {
        ArgumentNullException.ThrowIfNull(procedure);
        return procedure.FormPath + "?handler=DeleteDraft";
    }
}
