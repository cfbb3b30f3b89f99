using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MimeKit;

namespace OnshiPortal.Tests.Support;

/// <summary>The portal on a real Kestrel port for the browser, with its outbox worker writing to a pickup folder.</summary>
public static class EndToEndApp
{
    /// <param name="database">SQLite unless given (a journey run on PostgreSQL too passes a <see cref="PostgresTestDatabase"/>).</param>
    public static async Task<PortalAppFactory> StartAsync(TimeProvider? clock = null, IReadOnlyDictionary<string, string?>? settings = null, TestDatabase? database = null)
    {
        database ??= new SqliteTestDatabase();
        await database.InitializeAsync();
        if (database is PostgresTestDatabase postgres)
        {
            postgres.RequireServer();
        }

        var port = FreePort();
        var app = new PortalAppFactoryWithDatabase(database) { PlainHttp = true, SendsMail = true, BaseUrl = $"http://localhost:{port}", Clock = clock };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            app.Settings[key] = value;
        }

        app.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        app.StartServer();
        return app;
    }

    /// <summary>
    /// Waits for the worker to write a mail whose subject contains <paramref name="subjectPart"/>, addressed to
    /// <paramref name="to"/> when given (several institutions in one app get the same subject).
    /// </summary>
    public static async Task<MimeMessage> WaitForMailAsync(this PortalAppFactory app, string subjectPart, string? to = null)
    {
        var folder = app.MailPickupDirectory;
        for (var i = 0; i < 100; i++)
        {
            foreach (var file in Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            {
                var message = await MimeMessage.LoadAsync(file);
                if ((message.Subject ?? string.Empty).Contains(subjectPart, StringComparison.Ordinal)
                    && (to is null || message.To.Mailboxes.Any(m => m.Address == to)))
                {
                    return message;
                }
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no mail \"{subjectPart}\" in {folder}");
    }

    /// <summary>The first link to this portal in a mail's text part.</summary>
    public static string LinkIn(MimeMessage mail, string path) => Mails.LinkIn(mail.TextBody, path);

    /// <summary>
    /// Logs in through the login page, answering the second step (/login/two-factor) with the code of the account's
    /// authenticator app when the portal asks for it (accounts from <see cref="Scenario.AddOperatorAsync"/> have one).
    /// </summary>
    public static async Task LogInAsync(this IPage page, PortalAppFactory app, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("メールアドレス（または仮ID）").FillAsync(email);
        await page.GetByLabel("パスワード", new() { Exact = true }).FillAsync(password);
        // The page the login leads to, not the load event, which was missed twice on a busy machine (2026-12-05)
        // as in AnswerTwoFactorAsync; and only its address (Commit): DOMContentLoaded was missed too (2026-12-06,
        // MailSettingsAndCallCentreJourney in a clean-clone run). A submission Chromium dropped is sent again.
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true })
            .SubmitAsync(url => new Uri(url).AbsolutePath != "/login");
        if (new Uri(page.Url).AbsolutePath == "/login/two-factor")
        {
            await page.AnswerTwoFactorAsync(app, email);
        }
    }

    /// <summary>On /login/two-factor: types the code the account's authenticator app shows now and logs in.</summary>
    public static async Task AnswerTwoFactorAsync(this IPage page, PortalAppFactory app, string email)
    {
        var key = await Authenticators.StoredKeyAsync(app, email) ?? Authenticators.KeyFor(email)
            ?? throw new InvalidOperationException($"no authenticator known for {email}");
        await page.Field("確認コード").FillAsync(await Authenticators.NextCodeAsync(key, phone: app.PhoneClock));

        // Waits for the page the login leads to, not for a load event: once (CI, 2026-11-25) the load event of the
        // page after the redirect was not seen within 15 s although the network had gone idle.
        await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true })
            .SubmitAsync(url => new Uri(url).AbsolutePath != "/login/two-factor");
    }

    /// <summary>A field by its label; a required field's label ends with the badge 必須.</summary>
    public static ILocator Field(this IPage page, string label) =>
        page.GetByLabel(new Regex("^" + Regex.Escape(label) + @"(\s*必須)?$"));

    /// <summary>A free port known before start, so that the links in mails point at this server.</summary>
    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
