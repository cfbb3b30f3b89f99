using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.News;

/// <summary>
/// Mails a published notice (its title and link) to every person who asked for お知らせ by mail, through the
/// outbox, a batch of <see cref="Batches.Size"/> people per transaction: the batch's mails and the move of its
/// <see cref="NoticeMailing.Cursor"/> commit together. A node whose cursor move finds the cursor already moved
/// (another node mailed that batch) rolls back its batch; so nobody gets a notice twice. A scheduled notice waits for
/// its 掲載日; an unpublished one stops where it was.
/// </summary>
public sealed class NewsByMail(MailOutbox outbox, IOptions<MailOptions> mail) : IHousekeepingTask
{
    public string Name => "news by mail";

    public async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var due = await db.Set<NoticeMailing>().AsNoTracking()
            .Where(m => m.FinishedAt == null && db.Set<Notice>().Any(n => n.Id == m.NoticeId && n.IsPublished && n.PublishAt <= now))
            .OrderBy(m => m.NoticeId).Select(m => m.NoticeId).ToListAsync(cancellationToken);
        var total = 0;
        foreach (var noticeId in due)
        {
            total += await Batches.WalkAsync(db, () => BatchAsync(db, noticeId, now, cancellationToken), cancellationToken);
        }

        return total;
    }

    /// <summary>One batch of one notice: the mails queued, and whether there may be more.</summary>
    private async Task<(int Mailed, bool More)> BatchAsync(PortalDbContext db, long noticeId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mailing = await db.Set<NoticeMailing>().AsNoTracking().FirstAsync(m => m.NoticeId == noticeId, cancellationToken);
        var notice = await db.Set<Notice>().AsNoTracking().FirstAsync(n => n.Id == noticeId, cancellationToken);
        if (mailing.FinishedAt is not null || notice.StateAt(now) != NoticeState.Published)
        {
            return (0, false);
        }

        var cursor = mailing.Cursor;
        var readers = await InstitutionMail.Subscribers(db, MailTopics.News).Where(u => string.Compare(u.Id, cursor) > 0).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.Language })
            .Take(Batches.Size).ToListAsync(cancellationToken);
        var last = readers.Count == 0 ? cursor : readers[^1].Id;
        var finished = readers.Count < Batches.Size ? now : (DateTimeOffset?)null;
        var moved = await db.Set<NoticeMailing>()
            .Where(m => m.NoticeId == noticeId && m.Cursor == cursor && m.FinishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Cursor, last).SetProperty(m => m.Mailed, m => m.Mailed + readers.Count).SetProperty(m => m.FinishedAt, finished), cancellationToken);
        if (moved == 0)
        {
            // Another node mailed this batch first: start again from where it left the cursor.
            return (0, true);
        }

        foreach (var reader in readers.Where(r => MailAddresses.IsSendable(r.Email!)))
        {
            using (Languages.Use(reader.Language))
            {
                outbox.Enqueue(Mail(notice, mail.Value).To(reader.Email!));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (readers.Count, finished is null);
    }

    /// <summary>The short mail: the title, the date and the link; the notice itself is read on the portal.</summary>
    public static MailContent Mail(Notice notice, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(options);
        return MailTemplate.Render(typeof(NewsByMail), "NewsByMail", new Dictionary<string, string>
        {
            ["Title"] = notice.Title,
            ["PublishedOn"] = Wareki.Date(notice.PublishAt),
            ["Link"] = options.Link($"/news/{notice.Id}"),
            ["SettingsLink"] = options.Link("/account/notifications"),
        });
    }
}
