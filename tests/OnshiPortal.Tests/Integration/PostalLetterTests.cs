using System.Net;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Features.PostalLetters.Pages;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>The certificate's 発行通知: queued on 発行済 in the print queue, printed by the printing role once.</summary>
public abstract class PostalLetterTests : DataTest
{
    private const string Admin = "admin@clinic.example.jp";
    private const string Page = "/operator/letters";

    [Fact]
    public async Task A_certificate_marked_issued_queues_its_notice_which_a_printer_prints_once_as_a_letter_for_the_window_envelope()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        var code = institution.Code.Value;
        await app.AcceptedServiceApplicationAsync(Admin, terminals: 2);
        var issued = await app.IssuedCertificateAsync(Admin, 1, "受付1");

        // Accepted but not issued: no letter yet.
        var waiting = await app.FileAsync(Admin, FilingType.CertificateRequest, NoticeScenario.CertificateEntries(2, "診察室"));
        Assert.Null(await app.AcceptAsync(waiting.Id));
        PostalLetter letter;
        await using (var db = app.Database.CreateContext())
        {
            letter = await db.Set<PostalLetter>().AsNoTracking().SingleAsync();
            Assert.Equal(PostalLetterKind.CertificateNotice, letter.Kind);
            Assert.Equal(code, letter.InstitutionCode);
            Assert.Null(letter.PrintedAt);
            Assert.Contains("受付1", letter.Data);
            Assert.Contains(issued.ReceiptNumber, letter.Data);
            Assert.Equal(FilingState.Issued, (await db.Set<Filing>().SingleAsync(f => f.Id == issued.Id)).State);
        }

        // Not the operator's to print (separation of duties, as for the letters with passwords).
        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var staff = app.Session();
        await staff.LogInAsync(operatorEmail, operatorPassword, "/operator");
        Refusals.AssertForbidden((await staff.GetAsync(Page)).Response);

        var (printerEmail, printerPassword) = await app.AddOperatorAsync(Roles.Printer);
        var printer = app.Session();
        await printer.LogInAsync(printerEmail, printerPassword, "/operator");
        var (_, menu) = await printer.GetAsync("/operator");
        Assert.Contains($"href=\"{Page}\"", menu);
        var (listed, list) = await printer.GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Contains("印刷待ち（1通）", list);
        Assert.Contains(code, list);
        Assert.Contains("電子証明書発行のお知らせ", list);

        // Printed only through a print batch: closed on the page, its files downloaded as a ZIP.
        var (closed, _) = await printer.PostFormAsync(Page + "?handler=Close", list, []);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        var pdf = await BatchPdfAsync(printer);
        var text = FilingScenario.PdfText(pdf);
        foreach (var expected in new[]
        {
            "オンライン資格確認電子証明書発行のお知らせ", PdfTools.Compact(institution.Name), code, issued.ReceiptNumber, "受付1", "端末の番号",
            Wareki.Format(JapanTime.DayOf(DateTimeOffset.UtcNow)), "厚生労働省", "社会保険診療報酬支払基金", PdfTools.Compact(institution.Address),
            $"〒{institution.PostalCode[..3]}-{institution.PostalCode[3..]}",
        })
        {
            Assert.Contains(expected, text);
        }

        Assert.DoesNotContain("診察室", text);

        // The address sits where the 長3 envelope's window shows it (20 + 4 mm from the left, within 13–58 mm from the top).
        var file = Path.Combine(Directory.CreateTempSubdirectory("onshi-letter-").FullName, "letters.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        Assert.Equal(1, PdfTools.PageCount(file));
        var postal = PdfTools.Words(file, 1).First(w => w.Text.StartsWith('〒'));
        Assert.InRange(postal.XMin, Mm(23), Mm(26));
        Assert.InRange(postal.YMin, Mm(13), Mm(58));
        Assert.Contains(PdfTools.Fonts(file), f => f.Embedded);

        await using (var db = app.Database.CreateContext())
        {
            var done = await db.Set<PostalLetter>().AsNoTracking().SingleAsync();
            Assert.NotNull(done.PrintedAt);
            Assert.NotNull(done.BatchId);
            Assert.Equal(printerEmail, done.PrintedBy);
            Assert.Equal(printerEmail, (await db.Set<AuditEntry>().SingleAsync(e => e.Action == "postal-batch.closed")).Actor);
            Assert.Equal(printerEmail, (await db.Set<AuditEntry>().SingleAsync(e => e.Action == "postal-batch.downloaded")).Actor);
        }

        // The same page sent again closes nothing: the letter is in its batch.
        var (_, againHtml) = await printer.PostFormAsync(Page + "?handler=Close", list, []);
        Assert.Contains(WebUtility.HtmlEncode(IndexModel.NothingPrinted), againHtml);
        var (_, after) = await printer.GetAsync(Page);
        Assert.Contains("印刷待ちの郵送物はありません。", after);
        Assert.Contains(printerEmail, after);
    }

    [Fact]
    public async Task Two_printers_pressing_at_once_print_each_letter_exactly_once()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Admin);
        await app.AcceptedServiceApplicationAsync(Admin, terminals: 4);
        for (var terminal = 1; terminal <= 4; terminal++)
        {
            await app.IssuedCertificateAsync(Admin, terminal, $"受付{terminal}");
        }

        var sessions = new List<(HttpSession Session, string Email, string Page)>();
        foreach (var role in new[] { Roles.Printer, Roles.Admin })
        {
            var (email, password) = await app.AddOperatorAsync(role);
            var session = app.Session();
            await session.LogInAsync(email, password, "/operator");
            var (_, page) = await session.GetAsync(Page);
            Assert.Contains("印刷待ち（4通）", page);
            sessions.Add((session, email, page));
        }

        var pressed = await Task.WhenAll(sessions.Select(s => s.Session.PostFormAsync(Page + "?handler=Close", s.Page, [])));
        Assert.Single(pressed, p => p.Response.StatusCode == HttpStatusCode.Redirect);
        Assert.Single(pressed, p => p.Html.Contains(WebUtility.HtmlEncode(IndexModel.NothingPrinted), StringComparison.Ordinal));
        await using var db = app.Database.CreateContext();
        var batch = await db.Set<PrintBatch>().AsNoTracking().SingleAsync();
        Assert.Equal(4, batch.Letters);
        var letters = await db.Set<PostalLetter>().AsNoTracking().ToListAsync();
        Assert.All(letters, l => Assert.Equal((batch.Id, batch.ClosedBy), (l.BatchId!.Value, l.PrintedBy!)));
        Assert.Contains(batch.ClosedBy, sessions.Select(s => s.Email));
        Assert.Equal(1, await db.Set<AuditEntry>().CountAsync(e => e.Action == "postal-batch.closed"));
    }

    [Fact]
    public async Task Without_an_address_in_the_master_the_issue_is_refused_and_nothing_is_queued()
    {
        await using var app = await StartAppAsync();
        var (_, institution) = await app.ActivatedInstitutionAsync(Admin);
        await app.AcceptedServiceApplicationAsync(Admin);
        var filing = await app.FileAsync(Admin, FilingType.CertificateRequest, NoticeScenario.CertificateEntries(1, "受付"));
        Assert.Null(await app.AcceptAsync(filing.Id));
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<Institution>().Where(i => i.Code == institution.Code.Value).ExecuteUpdateAsync(s => s.SetProperty(i => i.Address, string.Empty));
        }

        Assert.Equal(OnshiPortal.Features.Procedures.Certificates.CertificateNotices.NoAddress, await app.MarkIssuedAsync(filing.Id));
        await using var check = app.Database.CreateContext();
        Assert.Equal(FilingState.Accepted, (await check.Set<Filing>().SingleAsync(f => f.Id == filing.Id)).State);
        Assert.Empty(await check.Set<PostalLetter>().ToListAsync());
    }

    private static double Mm(double mm) => mm * 72 / 25.4;

    /// <summary>The certificate notices' PDF of the batch just closed, from its ZIP as the printer downloads it.</summary>
    private static async Task<byte[]> BatchPdfAsync(HttpSession printer)
    {
        var (_, page) = await printer.GetAsync(Page);
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(\\?handler=Download&amp;id=\\d+)\"").Groups[1].Value;
        var (zipped, _) = await printer.GetAsync(Page + WebUtility.HtmlDecode(link));
        Assert.Equal("application/zip", zipped.Content.Headers.ContentType?.MediaType);
        Refusals.AssertNotStored(zipped);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await zipped.Content.ReadAsByteArrayAsync()));
        await using var entry = zip.Entries.Single(e => e.Name == PrintBatches.PdfName(PostalLetterKind.CertificateNotice)).Open();
        using var bytes = new MemoryStream();
        await entry.CopyToAsync(bytes);
        return bytes.ToArray();
    }
}

public sealed class PostalLetterTestsOnSqlite : PostalLetterTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class PostalLetterTestsOnPostgres : PostalLetterTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
