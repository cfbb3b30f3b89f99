using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// The engine's named documents (Procedures:Forms:*:Documents), configured here on the 利用申請 since no shipped
/// procedure has any yet: uploaded beside the fields with the deferral's checks, listed on the check page, shown side
/// by side to the reviewer, named by a 差戻し, replaced one by one in the correction; and the hostile cases.
/// </summary>
public abstract class ProcedureDocumentsTests : DataTest
{
    private const string Email = "documents@example.jp";

    private const string Form = "/mypage/procedures/service-application";

    /// <summary>7 December 2026, 10:00 in Japan.</summary>
    private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)).ToUniversalTime();

    /// <summary>領収書（写） required, one file; 領収書内訳書（写） optional, up to two; 事業完了報告書 required.</summary>
    private static Dictionary<string, string> Documents(long? maxBytes = null)
    {
        const string prefix = "Procedures:Forms:ServiceApplication:Documents:";
        var settings = new Dictionary<string, string>
        {
            [prefix + "0:Id"] = "receipt",
            [prefix + "0:Label"] = "領収書（写）",
            [prefix + "0:Hint"] = "支払先と金額がわかるもの",
            [prefix + "0:Required"] = "true",
            [prefix + "0:MaxFiles"] = "1",
            [prefix + "1:Id"] = "breakdown",
            [prefix + "1:Label"] = "領収書内訳書（写）",
            [prefix + "1:Required"] = "false",
            [prefix + "1:MaxFiles"] = "2",
            [prefix + "2:Id"] = "report",
            [prefix + "2:Label"] = "事業完了報告書",
            [prefix + "2:Required"] = "true",
            [prefix + "2:MaxFiles"] = "1",
        };
        if (maxBytes is { } max)
        {
            settings["Filings:Attachments:MaxBytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    /// <summary>A real PNG signature and a little more.</summary>
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R'];

    [Fact]
    public async Task Named_documents_are_filed_shown_side_by_side_returned_by_name_and_replaced_alone()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today), Documents());
        var session = await LogInAsync(timed, Email);

        // One file input per document, with its label, hint and 必須 mark, on a multipart form.
        var (_, form) = await session.GetAsync(Form);
        Assert.Contains("enctype=\"multipart/form-data\"", form);
        foreach (var id in new[] { "receipt", "breakdown", "report" })
        {
            Assert.Contains($"<label for=\"Documents_{id}\"", form);
            Assert.Contains($"id=\"Documents_{id}\" name=\"Documents.{id}\" type=\"file\"", form);
        }

        Assert.Contains("支払先と金額がわかるもの", form);
        Assert.Contains("必須", LabelOf(form, "report"));
        Assert.Contains("必須", LabelOf(form, "receipt"));
        Assert.DoesNotContain("必須", LabelOf(form, "breakdown"));

        var receiptPdf = FilingScenario.Pdf("receipt-1");
        var reportPdf = FilingScenario.Pdf("report-1");
        var (_, check) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", receiptPdf), ("breakdown", "内訳1.png", Png), ("breakdown", "内訳2.pdf", FilingScenario.Pdf("breakdown-2")), ("report", "報告書.pdf", reportPdf));
        Assert.True(check.Contains("上記の内容で確定する", StringComparison.Ordinal), check);
        Assert.Contains("<dt>領収書（写）</dt>", check);
        Assert.Contains("領収書.pdf（PDF、", check);
        Assert.Contains("内訳1.png（PNG、", check);
        Assert.Contains("内訳2.pdf（PDF、", check);
        Assert.Contains("報告書.pdf（PDF、", check);
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, check)).Response);

        var filing = await app.FilingAsync(receipt);
        Assert.Equal(["breakdown", "breakdown", "receipt", "report"], filing.Attachments.Select(a => a.Document).Order());
        var filedReceipt = filing.Attachments.Single(a => a.Document == "receipt");
        var filedReport = filing.Attachments.Single(a => a.Document == "report");
        Assert.Equal(receiptPdf, await session.Client.GetByteArrayAsync($"/mypage/filings/{receipt}?handler=Attachment&id={filedReceipt.Id}"));
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<StoredFile>().CountAsync(f => f.Area == AttachmentStore.StagingArea)); // all moved in
        }

        // The reviewer sees each document's files side by side: PDFs in frames, images as images, from the one endpoint.
        var reviewer = await OperatorAsync(app, timed);
        var details = $"/operator/filings/service-application/{receipt}";
        var (_, review) = await reviewer.GetAsync(details);
        Assert.Contains("class=\"document-grid\"", review);
        Assert.Contains($"<iframe src=\"/mypage/filings/{receipt}?handler=Attachment&amp;id={filedReceipt.Id}&amp;view=true\"", review);
        var png = filing.Attachments.Single(a => a.ContentType == "image/png");
        Assert.Contains($"<img src=\"/mypage/filings/{receipt}?handler=Attachment&amp;id={png.Id}&amp;view=true\" alt=\"領収書内訳書（写）：内訳1.png\"", review);
        Assert.True(review.IndexOf("<figcaption>領収書（写）</figcaption>", StringComparison.Ordinal) < review.IndexOf("<figcaption>領収書内訳書（写）</figcaption>", StringComparison.Ordinal));
        Assert.Contains("name=\"WrongDocuments\" value=\"receipt\"", review);

        // Shown inline, framed by the portal's own pages only, not stored, not sniffed.
        var inline = await reviewer.Client.GetAsync($"/mypage/filings/{receipt}?handler=Attachment&id={filedReceipt.Id}&view=true");
        Refusals.AssertNotStored(inline);
        Assert.Equal("inline", inline.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("application/pdf", inline.Content.Headers.ContentType?.MediaType);
        Assert.Equal("SAMEORIGIN", inline.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'self'", inline.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("default-src 'none'", inline.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", inline.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(receiptPdf, await inline.Content.ReadAsByteArrayAsync());
        var download = await reviewer.Client.GetAsync($"/mypage/filings/{receipt}?handler=Attachment&id={filedReceipt.Id}");
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("DENY", download.Headers.GetValues("X-Frame-Options").Single());

        // A document the form does not have cannot be named; the receipt can.
        var (refused, refusedHtml) = await reviewer.PostFormAsync(details + "?handler=Return", review,
            [new("Reason", "領収書の宛名が違います。"), new("WrongDocuments", "passport")]);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("差し替えが必要な書類は一覧から選んでください。", refusedHtml);
        var (returned, _) = await reviewer.PostFormAsync(details + "?handler=Return", review,
            [new("Reason", "領収書の宛名が違います。"), new("WrongDocuments", "receipt")]);
        Assert.Equal(HttpStatusCode.Redirect, returned.StatusCode);
        filing = await app.FilingAsync(receipt);
        Assert.Equal(FilingState.Returned, filing.State);
        Assert.Equal("receipt", filing.Events.Single(e => e.To == FilingState.Returned).Documents);

        // The institution sees which document to replace, on its filing and on the correction form.
        var (_, shown) = await session.GetAsync($"/mypage/filings/{receipt}");
        Assert.Contains("<ul class=\"documents-to-replace\">", shown);
        Assert.Contains("<li>領収書（写）</li>", shown);
        Assert.Contains("差し替えが必要な書類: 領収書（写）", shown); // in the history
        var correct = $"{Form}?correct={receipt}";
        var (_, correction) = await session.GetAsync(correct);
        Assert.Contains("field--replace", correction);
        Assert.Contains("差戻しで差し替えを求められた書類です。", correction);
        Assert.Contains("前回提出した書類: 報告書.pdf", correction);
        Assert.Contains("value=\"CAF1234567890\"", correction); // the entries stay

        // Not replacing the named document is refused; replacing it alone keeps the others as they were filed.
        var (_, notReplaced) = await session.PostDocumentsAsync($"{Form}?handler=Check&correct={receipt}", correction, Correct(receipt));
        Assert.Contains("領収書（写）は差戻しで差し替えを求められています。新しい書類を添付してください（PDF、JPEG、PNG）。", notReplaced);
        Assert.DoesNotContain("上記の内容で確定する", notReplaced);
        var newReceipt = FilingScenario.Pdf("receipt-2");
        var (_, recheck) = await session.PostDocumentsAsync($"{Form}?handler=Check&correct={receipt}", correction, Correct(receipt), ("receipt", "領収書（再）.pdf", newReceipt));
        Assert.True(recheck.Contains("上記の内容で確定する", StringComparison.Ordinal), recheck);
        Assert.Contains("領収書（再）.pdf（PDF、", recheck);
        Assert.Contains("前回提出した書類をそのまま提出します。", recheck);
        Assert.Contains("報告書.pdf（PDF、", recheck);
        Assert.Equal(receipt, FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, recheck, $"?correct={receipt}")).Response));

        filing = await app.FilingAsync(receipt);
        Assert.Equal(FilingState.Submitted, filing.State);
        Assert.Equal(4, filing.Attachments.Count);
        var replaced = filing.Attachments.Single(a => a.Document == "receipt");
        Assert.Equal("領収書（再）.pdf", replaced.FileName);
        Assert.Equal(filedReport.FileId, filing.Attachments.Single(a => a.Document == "report").FileId);
        Assert.Equal(newReceipt, await session.Client.GetByteArrayAsync($"/mypage/filings/{receipt}?handler=Attachment&id={replaced.Id}"));
        await using (var db = app.Database.CreateContext())
        {
            Assert.False(await db.Set<StoredFile>().AnyAsync(f => f.Id == filedReceipt.FileId)); // the replaced file went with its row
        }
    }

    [Fact]
    public async Task A_disguised_an_oversize_a_surplus_or_a_missing_document_is_refused_beside_it_and_nothing_is_filed()
    {
        await using var app = await StartAppAsync();
        await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today), Documents(maxBytes: 1024));
        var session = await LogInAsync(timed, Email);
        var (_, form) = await session.GetAsync(Form);

        // A page named .pdf is not a PDF: the content decides.
        var html = "<html><script>alert(1)</script></html>"u8.ToArray();
        var (_, disguised) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", html), ("report", "報告書.pdf", FilingScenario.Pdf("r")));
        Assert.Contains("「領収書.pdf」はPDF、JPEG、PNGのいずれでもありません。", disguised);
        Assert.Contains("id=\"Documents_receipt-error\"", disguised);
        Assert.DoesNotContain("上記の内容で確定する", disguised);

        // Over the size limit.
        var big = new byte[2048];
        FilingScenario.Pdf("big").CopyTo(big, 0);
        var (_, oversize) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", FilingScenario.Pdf("r")), ("report", "大きい.pdf", big));
        Assert.Contains("「大きい.pdf」は0MBを超えています。", oversize);
        Assert.Contains("id=\"Documents_report-error\"", oversize);

        // More files than the document takes.
        var (_, surplus) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "a.pdf", FilingScenario.Pdf("a")), ("receipt", "b.pdf", FilingScenario.Pdf("b")), ("report", "報告書.pdf", FilingScenario.Pdf("r")));
        Assert.Contains("添付できる書類は1件までです（2件選ばれています）。", surplus);
        Assert.Contains("id=\"Documents_receipt-error\"", surplus);

        // A required document not given, beside it; the optional one may be left out.
        var (_, missing) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", FilingScenario.Pdf("r")));
        Assert.Contains("<span class=\"field__error\" id=\"Documents_report-error\">事業完了報告書を添付してください（PDF、JPEG、PNG）。</span>", missing);
        Assert.DoesNotContain("id=\"Documents_breakdown-error\"", missing);
        Assert.DoesNotContain("上記の内容で確定する", missing);

        // The draft that page carries (the receipt kept, no report) cannot be confirmed either.
        var (confirmed, confirmedHtml) = await session.ConfirmAsync(Form, missing);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Contains("添付書類に不足があります。入力画面で添付してください。", confirmedHtml);

        // Wrong entries: the documents are not stored at all.
        var bad = ProcedureScenario.ServiceApplication();
        bad["Values[terminals]"] = "たくさん";
        var (_, wrongEntries) = await session.PostDocumentsAsync(Form + "?handler=Check", form, bad,
            ("receipt", "領収書.pdf", FilingScenario.Pdf("r")), ("report", "報告書.pdf", FilingScenario.Pdf("r")));
        Assert.Contains("入力内容に誤りがあるため、書類は保存していません。", wrongEntries);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Filing>().CountAsync());
        Assert.Equal(0, await db.Set<StoredFile>().CountAsync(f => f.Area == AttachmentStore.AttachmentArea));
    }

    [Fact]
    public async Task A_tampered_or_borrowed_draft_files_nothing()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.At(new ManualClock(Today), Documents());
        var session = await LogInAsync(timed, Email);
        var (_, form) = await session.GetAsync(Form);
        var (_, check) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", FilingScenario.Pdf("r")), ("report", "報告書.pdf", FilingScenario.Pdf("p")));
        var draft = HttpSession.HiddenValue(check, "Draft");

        // One character changed anywhere in the sealed draft (a file id, a document, an entry): refused.
        foreach (var at in new[] { draft.Length / 3, draft.Length / 2, draft.Length - 5 })
        {
            var tampered = draft[..at] + (draft[at] == 'A' ? 'B' : 'A') + draft[(at + 1)..];
            var (response, html) = await session.PostAsync(Form + "?handler=Confirm", check, new Dictionary<string, string?> { ["Draft"] = tampered });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("確認画面の有効期限（30分）が切れました。", html);
        }

        // Another institution's person posting this draft (its files are staged for this account): refused.
        var stranger = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(stranger.Code.Value, "stranger@example.jp");
        var other = await LogInAsync(timed, "stranger@example.jp");
        var (_, otherForm) = await other.GetAsync(Form);
        var (borrowed, borrowedHtml) = await other.PostAsync(Form + "?handler=Confirm", otherForm, new Dictionary<string, string?> { ["Draft"] = draft });
        Assert.Equal(HttpStatusCode.OK, borrowed.StatusCode);
        Assert.Contains("確認画面の有効期限（30分）が切れました。", borrowedHtml);

        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<Filing>().CountAsync());
        }

        // The untouched draft files, once.
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, check)).Response);
        Assert.Equal(2, (await app.FilingAsync(receipt)).Attachments.Count);
    }

    [Fact]
    public async Task Documents_are_read_by_the_institution_and_the_vendor_it_delegated_the_procedure_to_and_by_nobody_else()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var code = institution.Code.Value;
        var timed = app.At(new ManualClock(Today), Documents());
        var session = await LogInAsync(timed, Email);
        var (_, form) = await session.GetAsync(Form);
        var secret = FilingScenario.Pdf("secret-receipt");
        var (_, check) = await session.PostDocumentsAsync(Form + "?handler=Check", form, ProcedureScenario.ServiceApplication(),
            ("receipt", "領収書.pdf", secret), ("report", "報告書.pdf", FilingScenario.Pdf("p")));
        var receipt = FilingScenario.ReceiptOf((await session.ConfirmAsync(Form, check)).Response);
        var attachment = (await app.FilingAsync(receipt)).Attachments.Single(a => a.Document == "receipt");
        var url = $"/mypage/filings/{receipt}?handler=Attachment&id={attachment.Id}";
        var inline = url + "&view=true";

        // 閲覧者 reads the institution's filings (its right) but neither files nor corrects.
        await timed.AddPersonAsync(code, "viewer@example.jp", InstitutionRole.Viewer);
        var viewer = await LogInAsync(timed, "viewer@example.jp");
        Assert.Equal(secret, await viewer.Client.GetByteArrayAsync(url));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(Form)).Response.StatusCode);
        var (_, viewerPage) = await viewer.GetAsync($"/mypage/filings/{receipt}");
        var (viewerPost, _) = await viewer.PostDocumentsAsync(Form + "?handler=Check", viewerPage, ProcedureScenario.ServiceApplication(), ("receipt", "x.pdf", FilingScenario.Pdf("x")));
        Assert.Equal(HttpStatusCode.Forbidden, viewerPost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync($"{Form}?correct={receipt}")).Response.StatusCode);

        // A vendor delegated another procedure only, and another institution: nothing, inline or not.
        await timed.AddVendorAsync(code, "vendor@example.jp", new DateOnly(2027, 12, 31), FilingType.CardReaderOrder);
        var vendor = timed.Session();
        await vendor.LogInAsync("vendor@example.jp", PeopleScenario.Password, "/vendor");
        await vendor.GetAsync("/vendor");
        Assert.Equal(HttpStatusCode.OK, (await vendor.GetAsync("/mypage")).Response.StatusCode);
        var stranger = records.First(r => r.ClosedOn is null && r.Code != institution.Code);
        await app.ActivateAccountAsync(stranger.Code.Value, "stranger@example.jp");
        var other = await LogInAsync(timed, "stranger@example.jp");
        foreach (var hostile in new[] { vendor, other })
        {
            foreach (var probe in new[] { url, inline, $"/mypage/filings/{receipt}" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await hostile.GetAsync(probe)).Response.StatusCode);
            }
        }

        Assert.Equal(HttpStatusCode.Redirect, (await timed.Session().Client.GetAsync(inline)).StatusCode); // anonymous: to the login

        // The vendor given the procedure reads it.
        await timed.AddVendorAsync(code, "vendor2@example.jp", new DateOnly(2027, 12, 31), FilingType.ServiceApplication);
        var delegated = timed.Session();
        await delegated.LogInAsync("vendor2@example.jp", PeopleScenario.Password, "/vendor");
        await delegated.GetAsync("/vendor");
        await delegated.GetAsync("/mypage");
        Assert.Equal(secret, await delegated.Client.GetByteArrayAsync(inline));
    }

    /// <summary>A document's label element on the form.</summary>
    private static string LabelOf(string html, string document)
    {
        var start = html.IndexOf($"<label for=\"Documents_{document}\"", StringComparison.Ordinal);
        Assert.True(start >= 0, document);
        return html[start..html.IndexOf("</label>", start, StringComparison.Ordinal)];
    }

    private static Dictionary<string, string?> Correct(string receipt)
    {
        var values = ProcedureScenario.ServiceApplication();
        values["Correct"] = receipt;
        return values;
    }

    private static async Task<HttpSession> LogInAsync(WebApplicationFactory<Program> app, string email)
    {
        var session = app.Session();
        await session.LogInAsync(email, ActivationScenario.NewPassword, "/mypage");
        return session;
    }

    private static async Task<HttpSession> OperatorAsync(PortalAppFactory app, WebApplicationFactory<Program> timed)
    {
        var (email, password) = await app.AddOperatorAsync();
        var session = timed.Session();
        await session.LogInAsync(email, password, "/operator");
        return session;
    }
}

public sealed class ProcedureDocumentsTestsOnSqlite : ProcedureDocumentsTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ProcedureDocumentsTestsOnPostgres : ProcedureDocumentsTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
