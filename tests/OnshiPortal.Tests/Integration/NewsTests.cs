using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.News;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Files;
using OnshiPortal.Infrastructure.Mail;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>お知らせ and 関係団体 (flow 7) over HTTP: writing, publishing, reading, unread marks and circulation.</summary>
public abstract partial class NewsTests : DataTest
{
    private const string OperatorHome = "/operator";

    [Fact]
    public async Task An_operator_writes_previews_publishes_and_unpublishes_a_notice_whose_script_never_reaches_the_page()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);

        var (_, form) = await session.GetAsync("/operator/news/write");
        Assert.Contains("action=\"/operator/news/write?handler=Check\"", form); // where a browser posts the form
        var fields = Fields("電子処方箋の運用開始について", category: 2, date: "2026-03-01", body: """
            ## 運用開始日
            令和5年1月26日から運用を開始しました。<script>alert('xss')</script>

            [詳しくはこちら](javascript:alert(document.cookie))
            <img src=x onerror=alert(1)>
            """);
        var (checkResponse, check) = await session.PostAsync("/operator/news/write?handler=Check", form, fields);
        Assert.Equal(HttpStatusCode.OK, checkResponse.StatusCode);
        Assert.Contains("上記の内容で確定する", check);
        Assert.Contains("<h2>運用開始日</h2>", check); // the hint's "## " is the first level under the title
        Assert.Contains("&lt;script&gt;", check);
        AssertNoScriptFromTheNotice(check);

        // Nothing is saved until the confirm.
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<Notice>().CountAsync());
        }

        var id = await ConfirmAsync(session, "/operator/news/write", check, "created");
        var (_, details) = await session.GetAsync($"/operator/news/{id}");
        Assert.Contains("非公開", details);
        AssertNoScriptFromTheNotice(details);

        var reader = new HttpSession(app.CreateBrowserLikeClient());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/news/{id}")).Response.StatusCode);
        Assert.DoesNotContain("電子処方箋の運用開始について", (await reader.GetAsync("/")).Html);

        var (published, _) = await session.PostAsync($"/operator/news/{id}?handler=Publish", details, new Dictionary<string, string?>());
        Assert.Equal($"/operator/news/{id}?done=published", published.Headers.Location?.OriginalString);
        Assert.Contains("公開中", (await session.GetAsync($"/operator/news/{id}")).Html);

        var (top, topHtml) = await reader.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, top.StatusCode);
        Assert.Contains($"<a href=\"/news/{id}\" class=\"notice-list__title\">電子処方箋の運用開始について</a>", topHtml);
        Assert.DoesNotContain("未読", topHtml); // an anonymous reader has no marks
        var (page, pageHtml) = await reader.GetAsync($"/news/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<h1 id=\"notice-title\">電子処方箋の運用開始について</h1>", pageHtml);
        Assert.Contains("2026年3月1日", pageHtml);
        Assert.Contains(">電子処方箋</span>", pageHtml);
        AssertNoScriptFromTheNotice(pageHtml);

        var (_, again) = await session.GetAsync($"/operator/news/{id}");
        await session.PostAsync($"/operator/news/{id}?handler=Unpublish", again, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/news/{id}")).Response.StatusCode);
        Assert.DoesNotContain("電子処方箋の運用開始について", (await reader.GetAsync("/")).Html);

        await using var check2 = app.Database.CreateContext();
        var actions = await check2.Set<AuditEntry>().Where(a => a.Actor == email).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
        Assert.Equal(["notice.created", "notice.published", "notice.unpublished"], actions.Where(a => a.StartsWith("notice.", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_form_with_errors_says_so_beside_each_field_and_saves_nothing()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);

        var (_, form) = await session.GetAsync("/operator/news/write");
        var (_, html) = await session.PostAsync("/operator/news/write?handler=Check", form, Fields(string.Empty, category: null, date: "2026-13-45", body: string.Empty));
        Assert.Contains("件名を入力してください。", html);
        Assert.Contains("分類を選択してください。", html);
        Assert.Contains("掲載日は「2026-04-01」の形で入力してください。", html);
        Assert.Contains("本文を入力してください。", html);
        Assert.DoesNotContain("上記の内容で確定する", html);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<Notice>().CountAsync());
    }

    [Fact]
    public async Task A_scheduled_notice_appears_only_when_its_date_comes()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero)); // 09:00 in Japan
        var clocked = app.WithClock(clock);
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(BrowserLike(clocked));
        await session.LogInAsync(email, password, OperatorHome);

        var id = await WriteAsync(session, Fields("経過措置の届出期限について", category: 3, date: "2026-04-10", body: "期限は3月31日です。", time: "10:00"));
        var (_, details) = await session.GetAsync($"/operator/news/{id}");
        await session.PostAsync($"/operator/news/{id}?handler=Publish", details, new Dictionary<string, string?>());
        Assert.Contains("公開予定", (await session.GetAsync($"/operator/news/{id}")).Html);

        var reader = new HttpSession(BrowserLike(clocked));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/news/{id}")).Response.StatusCode);
        Assert.DoesNotContain("経過措置の届出期限について", (await reader.GetAsync("/news")).Html);
        Assert.DoesNotContain("経過措置の届出期限について", (await reader.GetAsync("/")).Html);

        // 2026-04-10 09:59 in Japan: still a minute early.
        clock.Advance(TimeSpan.FromDays(9) + TimeSpan.FromMinutes(59));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/news/{id}")).Response.StatusCode);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/news/{id}")).Response.StatusCode);
        Assert.Contains("経過措置の届出期限について", (await reader.GetAsync("/news")).Html);
        Assert.Contains("経過措置の届出期限について", (await reader.GetAsync("/")).Html);
    }

    [Fact]
    public async Task The_list_filters_by_category_and_pages_newest_first()
    {
        await using var app = await StartAppAsync();
        var clock = new ManualClock(new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
        var clocked = app.WithClock(clock);

        // 25 notices on successive days: categories 1, 2, 3, 1, 2, 3, ...
        await using (var scope = clocked.Services.CreateAsyncScope())
        {
            var board = scope.ServiceProvider.GetRequiredService<NoticeBoard>();
            for (var i = 1; i <= 25; i++)
            {
                var entries = new NoticeEntries($"お知らせ第{i}号", ((i - 1) % 3) + 1, "本文", new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero).AddDays(i), []);
                var (id, _) = await board.SaveAsync(null, entries, "test");
                await board.PublishAsync(id!.Value, "test");
            }
        }

        var reader = new HttpSession(BrowserLike(clocked));
        var (_, first) = await reader.GetAsync("/news");
        Assert.Contains("25件（1 / 2 ページ）", first);
        Assert.Equal([.. Enumerable.Range(6, 20).Reverse().Select(i => $"お知らせ第{i}号")], Titles(first));
        Assert.Contains("href=\"/news?page=2\"", first);

        var (_, second) = await reader.GetAsync("/news?page=2");
        Assert.Equal(["お知らせ第5号", "お知らせ第4号", "お知らせ第3号", "お知らせ第2号", "お知らせ第1号"], Titles(second));

        var (_, prescriptions) = await reader.GetAsync("/news?category=2");
        var expected = Enumerable.Range(1, 25).Where(i => (i - 1) % 3 == 1).Reverse().Select(i => $"お知らせ第{i}号").ToList();
        Assert.Equal(expected, Titles(prescriptions));
        Assert.Contains($"{expected.Count}件（1 / 1 ページ）", prescriptions);
        Assert.Contains("<option value=\"2\" selected=\"selected\">電子処方箋</option>", prescriptions);

        // A page past the end shows the last; a category that does not exist shows all.
        Assert.Equal(Titles(second), Titles((await reader.GetAsync("/news?page=99")).Html));
        Assert.Contains("25件", (await reader.GetAsync("/news?category=999")).Html);

        // The top page: the latest five.
        Assert.Equal(["お知らせ第25号", "お知らせ第24号", "お知らせ第23号", "お知らせ第22号", "お知らせ第21号"], Titles((await reader.GetAsync("/")).Html));
    }

    [Fact]
    public async Task An_institution_sees_unread_marks_until_it_opens_a_notice()
    {
        await using var app = await StartAppAsync();
        var institution = await ActivatedInstitutionAsync(app);
        var (email, password) = await app.AddOperatorAsync();
        var operatorSession = new HttpSession(app.CreateBrowserLikeClient());
        await operatorSession.LogInAsync(email, password, OperatorHome);
        var first = await PublishAsync(operatorSession, Fields("オンライン資格確認の原則義務化", category: 1, date: "2026-01-05", body: "本文"));
        var second = await PublishAsync(operatorSession, Fields("電子処方箋のお知らせ", category: 2, date: "2026-01-06", body: "本文"));

        var (_, top) = await institution.GetAsync("/");
        Assert.Equal(2, UnreadCount(top));
        var (_, list) = await institution.GetAsync("/news");
        Assert.Equal(2, UnreadCount(list));

        var (opened, _) = await institution.GetAsync($"/news/{first}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        await institution.GetAsync($"/news/{first}"); // a second opening records nothing more

        var (_, after) = await institution.GetAsync("/news");
        Assert.Equal(1, UnreadCount(after));
        Assert.Matches(new Regex($"未読</span>\\s*</div>\\s*<a href=\"/news/{second}\""), after);

        // Operators and anonymous readers have no marks.
        Assert.Equal(0, UnreadCount((await operatorSession.GetAsync("/news")).Html));
        Assert.Equal(0, UnreadCount((await new HttpSession(app.CreateBrowserLikeClient()).GetAsync("/news")).Html));

        await using var db = app.Database.CreateContext();
        var read = Assert.Single(await db.Set<NoticeRead>().ToListAsync());
        Assert.Equal(first, read.NoticeId);
    }

    [Fact]
    public async Task The_twenty_three_associations_of_the_seed_are_there_after_the_migration_with_no_address()
    {
        await using var app = await StartAppAsync();
        await using var db = app.Database.CreateContext();
        var associations = await db.Set<Association>().OrderBy(a => a.SortOrder).ToListAsync();

        Assert.Equal(23, associations.Count);
        Assert.Equal("公益社団法人 日本医師会", associations[0].Name);
        Assert.Equal("独立行政法人 地域医療機能推進機構 (JCHO)", associations[18].Name);
        Assert.Equal("日本医師会ORCA管理機構(株)", associations[22].Name);
        Assert.All(associations, a => Assert.Equal(string.Empty, a.Email));
        Assert.Equal(["オンライン資格確認", "電子処方箋", "経過措置"], await db.Set<NoticeCategory>().OrderBy(c => c.SortOrder).Select(c => c.Name).ToListAsync());
    }

    [Fact]
    public async Task Circulation_sends_one_mail_per_association_with_an_address_records_it_and_asks_before_a_second()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);
        var id = await PublishAsync(session, Fields("ダイレクトメール再発送のお知らせ", category: 1, date: "2026-02-01", body: "## 対象\n\n仮IDを**再発行**しました。詳しくは[手順書](https://example.jp/guide)をご覧ください。\n\n- 医科\n- 歯科"));

        // Without addresses there is no one to send to.
        var (_, empty) = await session.GetAsync($"/operator/news/{id}/circulate");
        var (_, refused) = await session.PostAsync($"/operator/news/{id}/circulate", empty, new Dictionary<string, string?>());
        Assert.Contains("連絡先メールアドレスが登録された関係団体がありません", refused);

        // Three addresses through the contact page (full-width typed, folded), one bad address refused first.
        var (_, contacts) = await session.GetAsync("/operator/news/associations");
        var (_, bad) = await session.PostAsync("/operator/news/associations?handler=Check", contacts, Contacts(("1", "not-an-address")));
        Assert.Contains("公益社団法人 日本医師会: メールアドレスの形式が正しくありません。", bad);
        var (_, checkContacts) = await session.PostAsync("/operator/news/associations?handler=Check", contacts, Contacts(("1", "ｉｎｆｏ＠ｍｅｄ．ｅｘａｍｐｌｅ．ｊｐ"), ("3", "info@pharm.example.jp"), ("23", "orca@example.jp")));
        Assert.Contains("info@med.example.jp", checkContacts);
        var (saved, _) = await session.PostAsync("/operator/news/associations?handler=Confirm", checkContacts, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkContacts, "Draft") });
        Assert.Equal("/operator/news/associations?saved=true", saved.Headers.Location?.OriginalString);

        var (_, confirmPage) = await session.GetAsync($"/operator/news/{id}/circulate");
        Assert.Contains("（3団体）", confirmPage);
        var (sent, _) = await session.PostAsync($"/operator/news/{id}/circulate", confirmPage, new Dictionary<string, string?>());
        Assert.Equal($"/operator/news/{id}?done=circulated", sent.Headers.Location?.OriginalString);

        await using (var db = app.Database.CreateContext())
        {
            var mails = await db.Set<OutboxMessage>().OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(["info@med.example.jp", "info@pharm.example.jp", "orca@example.jp"], mails.Select(m => m.To));
            Assert.All(mails, m => Assert.Equal("【周知のお願い】ダイレクトメール再発送のお知らせ", m.Subject));
            Assert.StartsWith("公益社団法人 日本医師会 御中", mails[0].TextBody);
            Assert.StartsWith("日本医師会ORCA管理機構(株) 御中", mails[2].TextBody);
            Assert.Contains($"/news/{id}", mails[0].TextBody);

            // The Markdown body rendered in both parts, never as typed.
            Assert.Contains("■ 対象", mails[0].TextBody);
            Assert.Contains("仮IDを再発行しました。詳しくは手順書（https://example.jp/guide）をご覧ください。", mails[0].TextBody);
            Assert.Contains("・医科\n・歯科", mails[0].TextBody.ReplaceLineEndings("\n"));
            Assert.Contains("<strong>再発行</strong>", mails[0].HtmlBody);
            Assert.Contains("<a href=\"https://example.jp/guide\">手順書</a>", mails[0].HtmlBody);
            Assert.Contains("<li>医科</li>", mails[0].HtmlBody);
            Assert.All(new[] { mails[0].TextBody, mails[0].HtmlBody! }, part =>
            {
                Assert.DoesNotContain("##", part);
                Assert.DoesNotContain("**", part);
                Assert.DoesNotContain("](", part);
            });
            var circulation = Assert.Single(await db.Set<Circulation>().ToListAsync());
            Assert.Equal((id, email, 3), (circulation.NoticeId, circulation.By, circulation.Recipients));
            Assert.Contains("notice.circulated", await db.Set<AuditEntry>().Select(a => a.Action).ToListAsync());
            Assert.Equal(3, await db.Set<AuditEntry>().CountAsync(a => a.Action == "association.contact-changed"));
        }

        var (_, details) = await session.GetAsync($"/operator/news/{id}?done=circulated");
        Assert.Contains("関係団体3件へ周知のメールを送信しました。", details);
        Assert.Contains("<td>3団体</td>", details);

        // A second circulation needs the box ticked.
        var (_, secondPage) = await session.GetAsync($"/operator/news/{id}/circulate");
        Assert.Contains("このお知らせは周知済みです", secondPage);
        var (_, unticked) = await session.PostAsync($"/operator/news/{id}/circulate", secondPage, new Dictionary<string, string?>());
        Assert.Contains("確認欄にチェックを入れてください", unticked);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(3, await db.Set<OutboxMessage>().CountAsync());
        }

        var (ticked, _) = await session.PostAsync($"/operator/news/{id}/circulate", secondPage, new Dictionary<string, string?> { ["Again"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, ticked.StatusCode);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(6, await db.Set<OutboxMessage>().CountAsync());
            Assert.Equal(2, await db.Set<Circulation>().CountAsync(c => c.NoticeId == id));
        }
    }

    [Fact]
    public async Task An_unpublished_notice_cannot_be_circulated()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);
        await using (var db = app.Database.CreateContext())
        {
            await db.Set<Association>().Where(a => a.Id == 1).ExecuteUpdateAsync(s => s.SetProperty(a => a.Email, "info@med.example.jp"));
        }

        var id = await WriteAsync(session, Fields("下書き", category: 1, date: "2026-02-01", body: "本文"));
        var (_, page) = await session.GetAsync($"/operator/news/{id}/circulate");
        var (_, refused) = await session.PostAsync($"/operator/news/{id}/circulate", page, new Dictionary<string, string?>());
        Assert.Contains("公開中のお知らせだけを周知できます", refused);
        await using var check = app.Database.CreateContext();
        Assert.Equal(0, await check.Set<OutboxMessage>().CountAsync());
        Assert.Equal(0, await check.Set<Circulation>().CountAsync());
    }

    [Fact]
    public async Task A_pdf_is_attached_by_its_bytes_stored_in_the_database_and_served_once_published()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);
        var pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"u8.ToArray();

        var (_, form) = await session.GetAsync("/operator/news/write");
        var fields = Fields("リーフレットのお知らせ", category: 1, date: "2026-02-01", body: "添付をご覧ください。");
        var (_, notPdf) = await PostMultipartAsync(session, "/operator/news/write?handler=Check", form, fields, ("偽物.pdf", "<html>not a pdf</html>"u8.ToArray()));
        Assert.Contains("「偽物.pdf」はPDFファイルではありません。", notPdf);
        Assert.DoesNotContain("上記の内容で確定する", notPdf);

        var (_, check) = await PostMultipartAsync(session, "/operator/news/write?handler=Check", form, fields, ("../../リーフレット.pdf", pdf));
        Assert.Contains("リーフレット.pdf", check);
        var id = await ConfirmAsync(session, "/operator/news/write", check, "created");

        await using (var db = app.Database.CreateContext())
        {
            var attachment = await db.Set<NoticeAttachment>().SingleAsync();
            Assert.Equal("リーフレット.pdf", attachment.FileName);
            var stored = (await app.Services.GetRequiredService<FileStore>().FindAsync(attachment.FileId!.Value))!;
            Assert.Equal(NoticeFiles.Area, stored.Area);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(pdf)), stored.Sha256);
            var url = $"/news/{id}/files/{attachment.Id}";

            var reader = new HttpSession(app.CreateBrowserLikeClient());
            Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(url)).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await session.GetAsync(url)).Response.StatusCode); // the operator's preview

            var (_, details) = await session.GetAsync($"/operator/news/{id}");
            await session.PostAsync($"/operator/news/{id}?handler=Publish", details, new Dictionary<string, string?>());
            var response = await reader.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(pdf, await response.Content.ReadAsByteArrayAsync());
            Assert.Contains($"href=\"{url}\"", (await reader.GetAsync($"/news/{id}")).Html);
        }

        // Removing it on edit deletes the row and the file.
        var (_, edit) = await session.GetAsync($"/operator/news/write/{id}");
        var key = Regex.Match(edit, "name=\"Remove\" value=\"(a\\d+)\"").Groups[1].Value;
        var editFields = new Dictionary<string, string?>(fields) { ["Remove"] = key, ["FileList"] = HttpSession.HiddenValue(edit, "FileList") };
        var (_, editCheck) = await session.PostAsync($"/operator/news/write/{id}?handler=Check", edit, editFields);
        await ConfirmAsync(session, $"/operator/news/write/{id}", editCheck, "updated");
        await using var after = app.Database.CreateContext();
        Assert.Equal(0, await after.Set<NoticeAttachment>().CountAsync());
        Assert.Equal(0, await after.Set<StoredFile>().CountAsync(f => f.Area == NoticeFiles.Area));
    }

    [Fact]
    public async Task A_draft_notices_pdf_cannot_be_read_through_a_published_notice_or_by_a_guessed_id()
    {
        await using var app = await StartAppAsync();
        var (email, password) = await app.AddOperatorAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        await session.LogInAsync(email, password, OperatorHome);
        var published = "%PDF-1.4\n% published\n%%EOF\n"u8.ToArray();
        var draft = "%PDF-1.4\n% not yet\n%%EOF\n"u8.ToArray();

        var (_, form) = await session.GetAsync("/operator/news/write");
        var (_, check) = await PostMultipartAsync(session, "/operator/news/write?handler=Check", form, Fields("公開済み", category: 1, date: "2026-02-01", body: "本文"), ("公開.pdf", published));
        var publicId = await ConfirmAsync(session, "/operator/news/write", check, "created");
        var (_, details) = await session.GetAsync($"/operator/news/{publicId}");
        await session.PostAsync($"/operator/news/{publicId}?handler=Publish", details, new Dictionary<string, string?>());
        (_, form) = await session.GetAsync("/operator/news/write");
        (_, check) = await PostMultipartAsync(session, "/operator/news/write?handler=Check", form, Fields("下書き", category: 1, date: "2026-02-01", body: "本文"), ("未公開.pdf", draft));
        var draftId = await ConfirmAsync(session, "/operator/news/write", check, "created");

        await using var db = app.Database.CreateContext();
        var publicFile = await db.Set<NoticeAttachment>().SingleAsync(a => a.NoticeId == publicId);
        var draftFile = await db.Set<NoticeAttachment>().SingleAsync(a => a.NoticeId == draftId);
        var reader = new HttpSession(app.CreateBrowserLikeClient());
        Assert.Equal(published, await reader.Client.GetByteArrayAsync($"/news/{publicId}/files/{publicFile.Id}"));

        var probes = new List<string> { $"/news/{draftId}/files/{draftFile.Id}", $"/news/{publicId}/files/{draftFile.Id}", $"/news/{publicId}/files/{draftFile.FileId}" };
        probes.AddRange(Enumerable.Range(1, 5).Where(n => n != publicFile.Id).Select(n => $"/news/{publicId}/files/{n}"));
        foreach (var probe in probes)
        {
            var response = await reader.Client.GetAsync(probe);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{probe}: {response.StatusCode}");
        }

        // The operator's preview of the draft still works.
        Assert.Equal(draft, await session.Client.GetByteArrayAsync($"/news/{draftId}/files/{draftFile.Id}"));
    }

    [Fact]
    public async Task Anonymous_visitors_and_institution_accounts_cannot_reach_the_operator_pages()
    {
        await using var app = await StartAppAsync();
        var anonymous = new HttpSession(app.CreateBrowserLikeClient());
        foreach (var url in new[] { "/operator/news", "/operator/news/write", "/operator/news/associations", "/operator/news/1", "/operator/news/1/circulate" })
        {
            var (response, _) = await anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/login?ReturnUrl=", response.Headers.Location!.ToString());
        }

        var institution = await ActivatedInstitutionAsync(app);
        foreach (var url in new[] { "/operator/news", "/operator/news/write", "/operator/news/associations", "/operator/news/1", "/operator/news/1/circulate" })
        {
            var (response, _) = await institution.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("https://localhost/access-denied", response.Headers.Location!.ToString());
        }

        // A post with a valid antiforgery token of the institution's own session is refused as well.
        var (_, top) = await institution.GetAsync("/");
        var (publish, _) = await institution.PostAsync("/operator/news/1?handler=Publish", top, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, publish.StatusCode);
        Assert.StartsWith("https://localhost/access-denied", publish.Headers.Location!.ToString());
    }

    private static Dictionary<string, string?> Fields(string title, int? category, string date, string body, string? time = null) => new()
    {
        ["Input.Title"] = title,
        ["Input.CategoryId"] = category?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
        ["Input.PublishDate"] = date,
        ["Input.PublishTime"] = time,
        ["Input.Body"] = body,
    };

    private static Dictionary<string, string?> Contacts(params (string Id, string Email)[] changes)
    {
        var fields = new Dictionary<string, string?>();
        for (var i = 0; i < 23; i++)
        {
            var id = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            fields[$"Input[{i}].Id"] = id;
            fields[$"Input[{i}].Email"] = changes.FirstOrDefault(c => c.Id == id).Email ?? string.Empty;
        }

        return fields;
    }

    /// <summary>Form → check → confirm; returns the new notice's id.</summary>
    private static async Task<long> WriteAsync(HttpSession session, Dictionary<string, string?> fields)
    {
        var (_, form) = await session.GetAsync("/operator/news/write");
        var (_, check) = await session.PostAsync("/operator/news/write?handler=Check", form, fields);
        return await ConfirmAsync(session, "/operator/news/write", check, "created");
    }

    private static async Task<long> PublishAsync(HttpSession session, Dictionary<string, string?> fields)
    {
        var id = await WriteAsync(session, fields);
        var (_, details) = await session.GetAsync($"/operator/news/{id}");
        var (published, _) = await session.PostAsync($"/operator/news/{id}?handler=Publish", details, new Dictionary<string, string?>());
        Assert.Equal(HttpStatusCode.Redirect, published.StatusCode);
        return id;
    }

    private static async Task<long> ConfirmAsync(HttpSession session, string path, string checkHtml, string done)
    {
        Assert.Contains("上記の内容で確定する", checkHtml);
        var (confirm, html) = await session.PostAsync(path + "?handler=Confirm", checkHtml, new Dictionary<string, string?> { ["Draft"] = HttpSession.HiddenValue(checkHtml, "Draft") });
        Assert.True(confirm.StatusCode == HttpStatusCode.Redirect, html);
        var match = Regex.Match(confirm.Headers.Location!.OriginalString, $"^/operator/news/(\\d+)\\?done={done}$");
        Assert.True(match.Success, confirm.Headers.Location.OriginalString);
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<(HttpResponseMessage Response, string Html)> PostMultipartAsync(HttpSession session, string url, string pageHtml, Dictionary<string, string?> fields, (string Name, byte[] Bytes) file)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            content.Add(new StringContent(value!), key);
        }

        content.Add(new StringContent(HttpSession.TokenIn(pageHtml)), "__RequestVerificationToken");
        var part = new ByteArrayContent(file.Bytes);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(part, "Uploads", file.Name);
        var response = await session.Client.PostAsync(url, content);
        return (response, await response.Content.ReadAsStringAsync());
    }

    /// <summary>An institution whose account was activated through flow 1, logged in.</summary>
    private static async Task<HttpSession> ActivatedInstitutionAsync(PortalAppFactory app)
    {
        var (_, credential) = await app.IssueAsync();
        var session = new HttpSession(app.CreateBrowserLikeClient());
        var edit = await session.TemporaryLogInAsync(credential.LoginId, credential.Password);
        await session.RequestActivationAsync(edit, "clinic@example.jp");
        var link = Assert.Single(await app.MailsToAsync("clinic@example.jp"));
        await new HttpSession(app.CreateBrowserLikeClient()).FollowLinkAsync(Mails.PathIn(link, "/activation/complete"));
        var institution = new HttpSession(app.CreateBrowserLikeClient());
        await institution.LogInAsync("clinic@example.jp", ActivationScenario.NewPassword, "/mypage");
        return institution;
    }

    private static HttpClient BrowserLike(WebApplicationFactory<Program> app) => app.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = true,
    });

    private static List<string> Titles(string html) =>
        [.. TitlePattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    private static int UnreadCount(string html) => Regex.Count(html, "tag--unread");

    private static void AssertNoScriptFromTheNotice(string html)
    {
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("href=\"javascript:", html);
        Assert.DoesNotContain("<img src=\"x\"", html);
        Assert.DoesNotContain("<img src=x", html);
    }

    [GeneratedRegex("class=\"notice-list__title\">([^<]*)</a>")]
    private static partial Regex TitlePattern();
}

public sealed class NewsTestsOnSqlite : NewsTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class NewsTestsOnPostgres : NewsTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
