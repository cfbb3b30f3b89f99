using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Tests.Support;

/// <summary>Mails the app queued, and the links in them.</summary>
public static class Mails
{
    /// <summary>The outbox rows addressed to <paramref name="to"/>, oldest first.</summary>
    public static async Task<List<OutboxMessage>> MailsToAsync(this PortalAppFactory app, string to)
    {
        await using var db = app.Database.CreateContext();
        return await db.Set<OutboxMessage>().Where(m => m.To == to).OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Queues <paramref name="count"/> mails due now, to <c>{prefix}-{n}@clinic.example</c>, as a burst of business would.</summary>
    public static async Task QueueAsync(TestDatabase database, int count, string prefix, string subject)
    {
        await using var db = database.CreateContext();
        var now = DateTimeOffset.UtcNow;
        db.Set<OutboxMessage>().AddRange(Enumerable.Range(1, count).Select(i => new OutboxMessage
        {
            To = $"{prefix}-{i}@clinic.example",
            Subject = $"{subject} {i}",
            TextBody = "本文",
            CreatedAt = now,
            NextAttemptAt = now,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>The first link to <paramref name="path"/> in a mail's text, as the mail prints it.</summary>
    public static string LinkIn(string? text, string path)
    {
        var match = Regex.Match(text ?? string.Empty, @"https?://\S+" + Regex.Escape(path) + @"\S*");
        Assert.True(match.Success, $"no link to {path} in the mail:\n{text}");
        return match.Value;
    }

    /// <summary>The path and query of the first link to <paramref name="path"/>, for an HTTP client of the test server.</summary>
    public static string PathIn(OutboxMessage mail, string path) => new Uri(LinkIn(mail.TextBody, path)).PathAndQuery;
}
