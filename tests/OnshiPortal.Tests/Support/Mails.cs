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
