using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Housekeeping;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Status;

/// <summary>
/// Mails an incident's opening and its all-clear to every person who asked for 障害・メンテナンスのお知らせ
/// (<see cref="MailTopics.Status"/>, off until a person turns it on), a batch of <see cref="Batches.Size"/> people per
/// transaction with the move of its <see cref="IncidentMailing.Cursor"/>: a node that finds the cursor moved rolls
/// its batch back, so nobody gets a mail twice. An opening mail not finished when the incident closes stops: the
/// all-clear says it all.
/// </summary>
public sealed class StatusByMail(MailOutbox outbox, IOptions<MailOptions> mail) : IHousekeepingTask
{
    public string Name => "status by mail";

    public async Task<int> RunAsync(PortalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var due = await db.Set<IncidentMailing>().AsNoTracking().Where(m => m.FinishedAt == null).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(cancellationToken);
        var total = 0;
        foreach (var id in due)
        {
            total += await Batches.WalkAsync(db, () => BatchAsync(db, id, now, cancellationToken), cancellationToken);
        }

        return total;
    }

    private async Task<(int Mailed, bool More)> BatchAsync(PortalDbContext db, long mailingId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var mailing = await db.Set<IncidentMailing>().AsNoTracking().FirstAsync(m => m.Id == mailingId, cancellationToken);
        var incident = await db.Set<Incident>().AsNoTracking().Include(i => i.Updates).FirstAsync(i => i.Id == mailing.IncidentId, cancellationToken);
        if (mailing.FinishedAt is not null)
        {
            return (0, false);
        }

        var cursor = mailing.Cursor;
        var stale = mailing.Phase == IncidentMailPhase.Opened && !incident.IsOpen;
        var readers = stale ? [] : await InstitutionMail.Subscribers(db, MailTopics.Status).Where(u => string.Compare(u.Id, cursor) > 0).OrderBy(u => u.Id)
            .Select(u => new { u.Id, u.Email, u.Language }).Take(Batches.Size).ToListAsync(cancellationToken);
        var last = readers.Count == 0 ? cursor : readers[^1].Id;
        var finished = readers.Count < Batches.Size ? now : (DateTimeOffset?)null;
        var moved = await db.Set<IncidentMailing>().Where(m => m.Id == mailingId && m.Cursor == cursor && m.FinishedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Cursor, last).SetProperty(m => m.Mailed, m => m.Mailed + readers.Count).SetProperty(m => m.FinishedAt, finished), cancellationToken);
        if (moved == 0)
        {
            return (0, true);
        }

        foreach (var reader in readers.Where(r => MailAddresses.IsSendable(r.Email!)))
        {
            using (Languages.Use(reader.Language))
            {
                outbox.Enqueue(Mail(incident, mailing.Phase, mail.Value).To(reader.Email!));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (readers.Count, finished is null);
    }

    /// <summary>The incident's title, kind, times and the report of the moment (the first, or the closing one), and the link.</summary>
    public static MailContent Mail(Incident incident, IncidentMailPhase phase, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(options);
        var report = phase == IncidentMailPhase.Resolved
            ? incident.Updates.Where(u => u.Resolves).OrderBy(u => u.At).LastOrDefault()
            : incident.Updates.OrderBy(u => u.At).ThenBy(u => u.Id).FirstOrDefault();
        return MailTemplate.Render(typeof(StatusByMail), phase == IncidentMailPhase.Resolved ? "IncidentResolved" : "IncidentOpened", new Dictionary<string, string>
        {
            ["Title"] = incident.Title,
            ["Kind"] = Ui.Text(incident.Kind.Japanese()),
            ["StartedAt"] = Wareki.DateTime(incident.StartedAt),
            ["ResolvedAt"] = incident.ResolvedAt is { } resolved ? Wareki.DateTime(resolved) : string.Empty,
            ["Report"] = News.NoticePlainText.From(report?.Body ?? string.Empty),
            ["Link"] = options.Link("/status"),
            ["SettingsLink"] = options.Link("/account/notifications"),
        });
    }
}
