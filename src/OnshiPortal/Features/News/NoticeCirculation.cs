using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.News;

/// <summary>
/// 周知: a published notice mailed to every 関係団体 with a contact address, one mail each (an association sees
/// no other's address), through the outbox in the same transaction as the record of the circulation.
/// </summary>
public sealed class NoticeCirculation(PortalDbContext db, MailOutbox outbox, AuditTrail audit, TimeProvider clock, IOptions<MailOptions> mail)
{
    public Task<List<Association>> RecipientsAsync(CancellationToken cancellationToken = default) =>
        db.Set<Association>().AsNoTracking().Where(a => a.Email != string.Empty).OrderBy(a => a.SortOrder).ToListAsync(cancellationToken);

    public Task<List<Circulation>> HistoryAsync(long noticeId, CancellationToken cancellationToken = default) =>
        db.Set<Circulation>().AsNoTracking().Where(c => c.NoticeId == noticeId).OrderByDescending(c => c.At).ThenByDescending(c => c.Id).ToListAsync(cancellationToken);

    /// <summary>
    /// Circulates the notice; <paramref name="again"/> must be true when it was circulated before (the operator
    /// confirmed sending it a second time). Returns the number of mails, or the reason nothing was sent.
    /// </summary>
    public async Task<(int? Sent, string? Refusal)> CirculateAsync(long noticeId, bool again, string actor, CancellationToken cancellationToken = default)
    {
        var notice = await db.Set<Notice>().Include(n => n.Category).AsNoTracking().FirstOrDefaultAsync(n => n.Id == noticeId, cancellationToken);
        var now = clock.GetUtcNow();
        if (notice is null || notice.StateAt(now) != NoticeState.Published)
        {
            return (null, "公開中のお知らせだけを周知できます（掲載日前のお知らせ、非公開のお知らせは周知できません）。");
        }

        if (!again && await db.Set<Circulation>().AnyAsync(c => c.NoticeId == noticeId, cancellationToken))
        {
            return (null, "このお知らせは周知済みです。もう一度送信する場合は、確認欄にチェックを入れてください。");
        }

        var recipients = await RecipientsAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            return (null, "連絡先メールアドレスが登録された関係団体がありません。先に関係団体の連絡先を登録してください。");
        }

        foreach (var association in recipients)
        {
            outbox.Enqueue(Mail(notice, association.Name, mail.Value).To(association.Email));
        }

        db.Set<Circulation>().Add(new Circulation { NoticeId = noticeId, At = now, By = actor, Recipients = recipients.Count });
        audit.Record("notice.circulated", actor, null, new { notice = noticeId, notice.Title, recipients = recipients.Count, again });
        await db.SaveChangesAsync(cancellationToken);
        return (recipients.Count, null);
    }

    /// <summary>The mail to one association (also shown to the operator before sending).</summary>
    public static MailContent Mail(Notice notice, string associationName, MailOptions options) =>
        MailTemplate.Render(typeof(NoticeCirculation), "NoticeCirculation", new Dictionary<string, string>
        {
            ["AssociationName"] = associationName,
            ["Title"] = notice.Title,
            ["Category"] = notice.Category.Name,
            ["PublishedOn"] = Wareki.Date(notice.PublishAt),
            ["Link"] = options.Link($"/news/{notice.Id}"),
            // Operators write the body in Markdown: each part gets it rendered, never the raw ## and **.
            ["Body"] = NoticePlainText.From(notice.Body),
            ["BodyHtml"] = NoticeMarkdown.ToSafeHtml(notice.Body),
        });
}
