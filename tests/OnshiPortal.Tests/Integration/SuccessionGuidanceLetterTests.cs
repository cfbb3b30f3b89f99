using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 22: the guidance the succession's acceptance mail promises is queued for the post with the acceptance, to
/// the new code's address, and prints what follows after 承継, read back from the PDF (text and QR code).
/// </summary>
public abstract class SuccessionGuidanceLetterTests : DataTest
{
    private const string Email = "sakura@example.jp";

    [Fact]
    public async Task An_accepted_succession_queues_its_guidance_letter_which_prints_the_new_code_the_certificate_the_reader_the_subsidy_and_the_contact()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var receipt = await session.FileSuccessionAsync(newCode);

        // Filed, not yet accepted: no letter.
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<PostalLetter>().CountAsync(TestContext.Current.CancellationToken));
        }

        Assert.Null(await timed.AcceptAsync((await app.FilingAsync(receipt)).Id));
        PostalLetter letter;
        await using (var db = app.Database.CreateContext())
        {
            letter = await db.Set<PostalLetter>().AsNoTracking().SingleAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(PostalLetterKind.SuccessionGuidance, letter.Kind);
        Assert.Equal(newCode, letter.InstitutionCode);
        Assert.Null(letter.BatchId);

        byte[] pdf;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            pdf = scope.ServiceProvider.GetRequiredService<PostalLetterQueue>().Render([letter]);
        }

        var text = FilingScenario.PdfText(pdf);
        foreach (var expected in new[]
        {
            PdfTools.Compact(SuccessionGuidanceLetter.Title), "〒100-0001", "東京都千代田区千代田1-1", "医療法人さくら会さくら内科クリニック御中",
            Wareki.Format(JapanTime.DayOf(FilingScenario.March2023)), "厚生労働省", "社会保険診療報酬支払基金",
            newCode, institution.Code.Value, receipt, Wareki.Format(new DateOnly(2023, 4, 1)),
            "1医療機関等コード", "2電子証明書", "3顔認証付きカードリーダー", "4補助金", "承継先の医療機関等が所有し",
            "権利・義務は、承継先の医療機関等に引き継がれます", "オンライン資格確認等コールセンター", "0800-0804583",
        })
        {
            Assert.Contains(expected, text);
        }

        var folder = Directory.CreateTempSubdirectory("onshi-guidance-").FullName;
        var file = Path.Combine(folder, "guidance.pdf");
        await File.WriteAllBytesAsync(file, pdf, TestContext.Current.CancellationToken);
        Assert.Equal(1, PdfTools.PageCount(file));
        Assert.EndsWith("/mypage", PdfTools.DecodeQr(file, 1, folder), StringComparison.Ordinal);
        var addressed = System.Text.Json.JsonSerializer.Deserialize<SuccessionGuidanceLetter>(letter.Data)!;
        Assert.Equal(CustomerBarcode.Bars(addressed.PostalCode, addressed.Address), CustomerBarcodeReader.Read(file, 1, folder));
        var postal = PdfTools.Words(file, 1).First(w => w.Text.StartsWith('〒'));
        Assert.InRange(postal.XMin, Mm(23), Mm(26));
        Assert.InRange(postal.YMin, Mm(13), Mm(58));
    }

    [Fact]
    public async Task The_institution_and_the_call_centre_see_the_letter_waiting_then_posted_once_its_batch_is_closed()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var newCode = FilingScenario.NewCodeFor(institution, records).Value;
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var receipt = await session.FileSuccessionAsync(newCode);
        Assert.Null(await timed.AcceptAsync((await app.FilingAsync(receipt)).Id));

        var mine = app.Session();
        await mine.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var (_, waiting) = await mine.GetAsync("/mypage");
        Assert.Contains("承継後のお手続きのご案内", waiting);
        Assert.Contains("印刷待ち", waiting);
        Assert.DoesNotContain("郵送済み", waiting);

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var desk = app.Session();
        await desk.LogInAsync(operatorEmail, operatorPassword, "/operator");
        var (_, deskWaiting) = await desk.GetAsync($"/operator/institutions/{newCode}");
        Assert.Contains("承継後のお手続きのご案内", deskWaiting);
        Assert.Contains("印刷待ち", deskWaiting);

        var (printerEmail, printerPassword) = await app.AddOperatorAsync(OnshiPortal.Features.Account.Roles.Printer);
        var printer = app.Session();
        await printer.LogInAsync(printerEmail, printerPassword, "/operator");
        var (_, letters) = await printer.GetAsync("/operator/letters");
        Assert.Contains("承継後のお手続きのご案内", letters);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await printer.PostFormAsync("/operator/letters?handler=Close", letters, [])).Response.StatusCode);

        var (_, posted) = await mine.GetAsync("/mypage");
        Assert.Contains("郵送済み", posted);
        Assert.Contains("印刷バッチ 1", posted);
        var (_, deskPosted) = await desk.GetAsync($"/operator/institutions/{newCode}");
        Assert.Contains("郵送済み", deskPosted);
        Assert.Contains("印刷バッチ 1", deskPosted);
    }

    private static double Mm(double mm) => mm * 72 / 25.4;
}

public sealed class SuccessionGuidanceLetterTestsOnSqlite : SuccessionGuidanceLetterTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SuccessionGuidanceLetterTestsOnPostgres : SuccessionGuidanceLetterTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
