using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures.ServiceApplications;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>マスタアカウント通知: issued on the 利用申請's 受理, downloaded once by a 管理者 or 担当者, then gone.</summary>
public abstract class MasterAccountNoticeTests : DataTest
{
    private const string Admin = "admin@clinic.example.jp";
    private const string Clerk = "clerk@clinic.example.jp";
    private const string Viewer = "viewer@clinic.example.jp";
    private const string Vendor = "vendor@systems.example.jp";
    private const string Page = "/mypage/master-account";

    [Fact]
    public async Task Issued_on_acceptance_refused_to_a_viewer_and_a_vendor_downloaded_once_and_then_found_nowhere()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        await app.AddPersonAsync(code, Clerk, InstitutionRole.Clerk);
        await app.AddPersonAsync(code, Viewer, InstitutionRole.Viewer);
        await app.AddVendorAsync(code, Vendor, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(60), FilingType.ServiceApplication, FilingType.CertificateRequest);

        // Before the 受理: nothing to download, and the page says when there will be.
        var admin = app.Session();
        await admin.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var (_, before) = await admin.GetAsync(Page);
        Assert.Contains("利用申請が受理されると発行されます", before);
        var filing = await app.AcceptedServiceApplicationAsync(Admin);

        var account = await app.MasterAccountAsync(code);
        Assert.NotNull(account);
        Assert.Equal(code + "-P", account.ProductionId);
        Assert.Equal(code + "-T", account.TestId);
        Assert.Equal(filing.ReceiptNumber, account.ReceiptNumber);
        Assert.NotNull(account.SealedProductionPassword);
        Assert.NotNull(account.SealedTestPassword);
        Assert.Null(account.DownloadedAt);

        // The people of the institution hear it is ready (never the vendor's person, never with a password).
        foreach (var person in new[] { Admin, Clerk, Viewer })
        {
            var mail = Assert.Single(await app.MailsToAsync(person), m => m.Template == "ServiceApplications/MasterAccountReady");
            Assert.Contains("マスタアカウント通知", mail.Subject);
            Assert.Contains(filing.ReceiptNumber, mail.TextBody);
            Assert.Contains(Page, mail.TextBody);
        }

        Assert.DoesNotContain(await app.MailsToAsync(Vendor), m => m.Template == "ServiceApplications/MasterAccountReady");

        // A 閲覧者 sees it is there but may not download it; nor may the vendor acting for the institution.
        var viewer = app.Session();
        await viewer.LogInAsync(Viewer, PeopleScenario.Password, "/mypage");
        var (_, viewerPage) = await viewer.GetAsync(Page);
        Assert.Contains(account.ProductionId, viewerPage);
        Assert.Contains("閲覧者とシステム事業者（ベンダー）はダウンロードできません", viewerPage);
        Assert.DoesNotContain("handler=Download", viewerPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync(Page + "?handler=Download", viewerPage, new Dictionary<string, string?>())).Response.StatusCode);
        var vendor = app.Session();
        await vendor.LogInAsync(Vendor, PeopleScenario.Password, "/vendor");
        var (_, vendorPage) = await vendor.GetAsync(Page);
        Assert.DoesNotContain("handler=Download", vendorPage);
        Assert.Equal(HttpStatusCode.Forbidden, (await vendor.PostAsync(Page + "?handler=Download", vendorPage, new Dictionary<string, string?>())).Response.StatusCode);
        Assert.NotNull((await app.MasterAccountAsync(code))!.SealedProductionPassword);

        // The 管理者 and the 担当者 press at once: one gets the file, the other hears it is gone.
        var clerk = app.Session();
        await clerk.LogInAsync(Clerk, PeopleScenario.Password, "/mypage");
        var (_, clerkPage) = await clerk.GetAsync(Page);
        var (_, adminPage) = await admin.GetAsync(Page);
        Assert.Contains("マスタアカウント通知をダウンロードする", adminPage);
        var pressed = await Task.WhenAll(
            admin.PostAsync(Page + "?handler=Download", adminPage, new Dictionary<string, string?>()),
            clerk.PostAsync(Page + "?handler=Download", clerkPage, new Dictionary<string, string?>()));
        var files = pressed.Where(p => p.Response.Content.Headers.ContentType?.MediaType == "text/plain").ToList();
        var file = Assert.Single(files);
        Assert.Equal(HttpStatusCode.OK, file.Response.StatusCode);
        Refusals.AssertNotStored(file.Response);
        var refused = Assert.Single(pressed, p => p.Response.Content.Headers.ContentType?.MediaType == "text/html");
        Assert.Contains(MasterAccountNotices.NoneReady, refused.Html);
        var notice = file.Html;
        Assert.Contains(account.ProductionId, notice);
        Assert.Contains(account.TestId, notice);
        Assert.Contains(institution.Name, notice);
        var (production, test) = NoticeScenario.PasswordsIn(notice);
        Assert.Equal(MasterAccountNotices.PasswordLength, production.Length);
        Assert.NotEqual(production, test);
        var downloader = ReferenceEquals(file.Response, pressed[0].Response) ? Admin : Clerk;

        // Again: refused, and the page says when and by whom.
        var (_, afterPage) = await admin.GetAsync(Page);
        var (again, againHtml) = await admin.PostAsync(Page + "?handler=Download", afterPage, new Dictionary<string, string?>());
        Assert.Equal("text/html", again.Content.Headers.ContentType?.MediaType);
        Assert.Contains(MasterAccountNotices.NoneReady, againHtml);
        Assert.Contains($"{downloader}がダウンロードしました", afterPage);
        Assert.Contains("ダウンロード済みです", afterPage);
        var downloaded = (await app.MasterAccountAsync(code))!;
        Assert.Null(downloaded.SealedProductionPassword);
        Assert.Null(downloaded.SealedTestPassword);
        Assert.Null(downloaded.SealKeyId);
        Assert.Equal(downloader, downloaded.DownloadedBy);
        Assert.NotNull(downloaded.DownloadedAt);

        // The call centre sees the same (never a password), and the trail has both steps.
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var staff = app.Session();
        await staff.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, details) = await staff.GetAsync($"/operator/institutions/{code}");
        Assert.Contains(account.ProductionId, details);
        Assert.Contains($"{downloader}がダウンロードしました", details);
        Assert.Contains("マスタアカウント通知のダウンロード", details);
        await using (var db = app.Database.CreateContext())
        {
            var trail = await db.Set<AuditEntry>().Where(e => e.InstitutionCode == code && e.Action.StartsWith("master-account.")).Select(e => e.Action).ToListAsync();
            Assert.Equal(["master-account.issued", "master-account.downloaded"], trail.Order().Reverse());
        }

        // Nowhere in the database or the data folders: not in any table, not in any file.
        await AssertNowhereAsync(app, production, test);

        // A later 利用申請 (more terminals) is accepted and issues nothing new: the institution keeps its accounts.
        var second = await app.AcceptedServiceApplicationAsync(Admin, terminals: 4);
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(second.ReceiptNumber)).State);
        await using (var db = app.Database.CreateContext())
        {
            var kept = await db.Set<MasterAccount>().AsNoTracking().SingleAsync(a => a.InstitutionCode == code);
            Assert.Equal(filing.ReceiptNumber, kept.ReceiptNumber);
            Assert.Null(kept.SealedProductionPassword);
        }

        Assert.Single(await app.MailsToAsync(Admin), m => m.Template == "ServiceApplications/MasterAccountReady");
    }

    [Fact]
    public async Task The_notice_is_a_text_file_that_Notepad_opens_as_written()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        await app.AcceptedServiceApplicationAsync(Admin);
        var session = app.Session();
        await session.LogInAsync(Admin, ActivationScenario.NewPassword, "/mypage");
        var access = await app.AccessOfAsync(Admin);
        Assert.Equal(institution.Code.Value, access.InstitutionCode);
        Assert.True(MasterAccountNotices.MayDownload(access));

        var (_, page) = await session.GetAsync(Page);
        var (file, _) = await session.PostAsync(Page + "?handler=Download", page, new Dictionary<string, string?>());
        Assert.Equal("text/plain", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"master-account-{institution.Code.Value}.txt", file.Content.Headers.ContentDisposition?.FileNameStar ?? file.Content.Headers.ContentDisposition?.FileName);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.GetPreamble()), "a BOM, for Notepad");
    }

    /// <summary>Every table of the database as text, and every file the app may write under its data folders.</summary>
    private static async Task AssertNowhereAsync(PortalAppFactory app, params string[] secrets)
    {
        await using var db = app.Database.CreateContext();
        if (app.Database.Provider == DatabaseProvider.Postgres)
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            Assert.Contains("MasterAccounts", tables);
            foreach (var table in tables)
            {
                await using var rows = connection.CreateCommand();
                rows.CommandText = $"SELECT t::text FROM \"{table}\" t";
                await using var reader = await rows.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    var row = reader.GetString(0);
                    foreach (var secret in secrets)
                    {
                        Assert.False(row.Contains(secret, StringComparison.Ordinal), $"a password in table {table}");
                    }
                }
            }
        }

        var sqliteFolder = app.Database.Provider == DatabaseProvider.Sqlite
            ? Path.GetDirectoryName(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(app.Database.ConnectionString).DataSource)
            : null;
        var folders = new[] { sqliteFolder, app.MailPickupDirectory, app.CampaignStagingDirectory, app.NewsFolder, app.AttachmentsFolder, Path.GetDirectoryName(app.CredentialKeyFile) }
            .OfType<string>().Where(Directory.Exists).ToList();
        if (sqliteFolder is not null)
        {
            Assert.Contains(Directory.EnumerateFiles(sqliteFolder), f => f.EndsWith("portal.db", StringComparison.Ordinal));
        }

        foreach (var path in folders.SelectMany(f => Directory.EnumerateFiles(f, "*", SearchOption.AllDirectories)))
        {
            var bytes = await File.ReadAllBytesAsync(path);
            foreach (var secret in secrets)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)) < 0, $"a password in {path}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(secret)) < 0, $"a password (UTF-16) in {path}");
            }
        }
    }
}

public sealed class MasterAccountNoticeTestsOnSqlite : MasterAccountNoticeTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class MasterAccountNoticeTestsOnPostgres : MasterAccountNoticeTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
