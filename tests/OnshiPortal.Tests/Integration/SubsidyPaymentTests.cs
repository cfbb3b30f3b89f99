using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Subsidy;
using OnshiPortal.Features.Subsidy.Payments;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.DashboardScenario;

namespace OnshiPortal.Tests.Integration;

/// <summary>
/// Issue 19: the month's close pays each accepted claim exactly once, in a 全銀 file that reads back to the claims;
/// the bank's result pays the rest and returns what it could not pay to 差戻し.
/// </summary>
public abstract class SubsidyPaymentTests : DataTest
{
    private static readonly DateTimeOffset January31 = new(2027, 1, 31, 10, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public async Task A_month_pays_only_what_was_accepted_in_it_and_a_month_not_begun_cannot_be_closed()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        await app.AddAcceptedClaimAsync(A, 150_000, new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)));
        await app.AddAcceptedClaimAsync(C, 98_000, new DateTimeOffset(2027, 1, 31, 23, 59, 0, TimeSpan.FromHours(9)));
        await app.AddAcceptedClaimAsync(D, 70_000, new DateTimeOffset(2027, 2, 1, 0, 1, 0, TimeSpan.FromHours(9))); // February's

        var future = await CloseAsync(app, January31, new DateOnly(2027, 2, 1));
        Assert.Empty(future.Batches);
        Assert.Equal("令和9年2月（2027年2月）はまだ始まっていないため、締められません。", future.Refusal);

        var closed = await CloseAsync(app, January31, new DateOnly(2027, 1, 1));
        var batch = Assert.Single(closed.Batches);
        Assert.Equal(("2027-01-1", 2, 248_000L), (batch.Name, batch.Count, batch.Total));
        Assert.Equal(new DateOnly(2027, 2, 22), batch.TransferDate); // the 20th is a Saturday

        // The file reads back, field by field, to the payments it was made from.
        var file = ZenginTransferFile.Parse((await app.OpenedBatchAsync(batch.Id)).TransferFile);
        Assert.Equal("0222", file.Header.TransferDate);
        Assert.Equal([150_000L, 98_000L], file.Data.Select(d => d.Amount));
        Assert.Equal(batch.Payments.OrderBy(p => p.Id).Select(p => p.CustomerCode), file.Data.Select(d => d.CustomerCode1));
        Assert.All(file.Data, d => Assert.Equal(("0005", "001", "1234567", "ｲ)ｻｸﾗｶｲ"), (d.BankCode, d.BranchCode, d.AccountNumber, d.HolderName)));
        Assert.Equal((2, 248_000L), (file.Trailer.Count, file.Trailer.Total));

        // At rest the accounts are sealed, in the payments and in the batch's file; its SHA-256 is the bank's file's.
        await using var db = app.Database.CreateContext();
        var stored = await db.Set<PaymentBatch>().AsNoTracking().Include(b => b.Payments).SingleAsync();
        Assert.DoesNotContain("1234567", System.Text.Encoding.Latin1.GetString(stored.TransferFile), StringComparison.Ordinal);
        Assert.All(stored.Payments, p => Assert.DoesNotContain("1234567", p.AccountNumber + p.HolderName, StringComparison.Ordinal));
        Assert.Equal(stored.TransferFileSha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData((await app.OpenedBatchAsync(stored.Id)).TransferFile)));
    }

    [Fact]
    public async Task A_second_close_of_the_month_adds_only_what_is_new_and_a_third_adds_nothing()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        await app.AddAcceptedClaimAsync(A, 150_000, new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)));
        Assert.Single((await CloseAsync(app, January31, new DateOnly(2027, 1, 1))).Batches);

        await app.AddAcceptedClaimAsync(C, 98_000, January31.AddHours(2));
        var second = Assert.Single((await CloseAsync(app, January31.AddHours(3), new DateOnly(2027, 1, 1))).Batches);
        Assert.Equal(("2027-01-2", 1, 98_000L), (second.Name, second.Count, second.Total));

        var third = await CloseAsync(app, January31.AddHours(4), new DateOnly(2027, 1, 1));
        Assert.Empty(third.Batches);
        Assert.NotNull(third.Refusal);

        await using var db = app.Database.CreateContext();
        Assert.Equal(2, await db.Set<SubsidyPayment>().CountAsync());
    }

    [Fact]
    public async Task Closes_at_once_pay_each_claim_once()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        foreach (var code in new[] { A, C, D, E })
        {
            await app.AddAcceptedClaimAsync(code, 100_000, new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)));
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => CloseAsync(app, January31, new DateOnly(2027, 1, 1))));

        Assert.Equal(4, outcomes.Sum(o => o.Batches.Sum(b => b.Count)));
        await using var db = app.Database.CreateContext();
        Assert.Equal(4, await db.Set<SubsidyPayment>().Select(p => p.FilingId).Distinct().CountAsync());
        Assert.Equal(4, await db.Set<SubsidyPayment>().CountAsync());
    }

    [Fact]
    public async Task An_account_the_bank_cannot_take_stops_the_close_and_names_the_claim()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        await app.AddAcceptedClaimAsync(A, 150_000, new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)));
        var wrong = await app.AddAcceptedClaimAsync(C, 98_000, new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.FromHours(9)), PaymentScenario.Account(holder: "山田"));

        var outcome = await CloseAsync(app, January31, new DateOnly(2027, 1, 1));

        Assert.Empty(outcome.Batches);
        Assert.Contains(wrong.ReceiptNumber, outcome.Refusal);
        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.Set<SubsidyPayment>().CountAsync());
    }

    [Fact]
    public async Task The_banks_result_pays_the_rest_and_returns_the_refused_transfer_to_its_claim()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var paid = await app.AddAcceptedClaimAsync(A, 150_000, new DateTimeOffset(2027, 1, 10, 12, 0, 0, TimeSpan.FromHours(9)));
        var refused = await app.AddAcceptedClaimAsync(C, 98_000, new DateTimeOffset(2027, 1, 11, 12, 0, 0, TimeSpan.FromHours(9)));
        var batch = Assert.Single((await CloseAsync(app, January31, new DateOnly(2027, 1, 1))).Batches);
        var refusedCode = batch.Payments.Single(p => p.FilingId == refused.Id).CustomerCode;

        // A line naming no payment of the batch changes nothing, and says which line.
        var wrong = await SettleAsync(app, batch.Id, $"顧客コード1,理由\r\n{refusedCode},口座なし\r\n0000099999,口座なし\r\n");
        Assert.Equal(["3行目: 顧客コード 0000099999 はこの支払バッチ（2027-01-1）の振込ではありません。"], wrong);
        await using (var db = app.Database.CreateContext())
        {
            Assert.All(await db.Set<SubsidyPayment>().ToListAsync(), p => Assert.Equal(PaymentState.Scheduled, p.State));
            Assert.Null((await db.Set<PaymentBatch>().SingleAsync()).SettledAt);
        }

        Assert.Empty(await SettleAsync(app, batch.Id, $"顧客コード1,理由\r\n{refusedCode},口座なし\r\n"));
        Assert.Equal(["支払バッチ 2027-01-1 の振込結果は登録済みです。"], await SettleAsync(app, batch.Id, null)); // once only

        await using (var db = app.Database.CreateContext())
        {
            var payments = await db.Set<SubsidyPayment>().ToDictionaryAsync(p => p.FilingId);
            Assert.Equal(PaymentState.Paid, payments[paid.Id].State);
            Assert.Equal((PaymentState.Returned, (long?)null, "口座なし"), (payments[refused.Id].State, payments[refused.Id].PayKey, payments[refused.Id].ReturnReason));
            var returned = await db.Set<Filing>().Include(f => f.Events).SingleAsync(f => f.Id == refused.Id);
            Assert.Equal(FilingState.Returned, returned.State);
            Assert.Contains("口座なし", returned.Events.Last().Reason);
            Assert.Equal(FilingState.Accepted, (await db.Set<Filing>().SingleAsync(f => f.Id == paid.Id)).State);

            // The summary PDF for the people who approve the batch: its facts, each payment with its state, the total.
            var settled = await app.OpenedBatchAsync((await db.Set<PaymentBatch>().SingleAsync()).Id);
            var text = FilingScenario.PdfText(PaymentFiles.SummaryPdf(settled, await PaymentFiles.NamesAsync(db, settled, default), January31.AddDays(26)));
            var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
            Assert.Contains("支払明細（支払バッチ2027-01-1）", compact);
            Assert.Contains("振込指定日令和9年2月22日", compact);
            Assert.Contains("合計金額248,000円", compact);
            Assert.Contains(settled.TransferFileSha256, compact);
            Assert.Contains($"{paid.ReceiptNumber}{A}", compact);
            Assert.Contains("0005-001普通1234567ｲ)ｻｸﾗｶｲ150,000円支払済", compact);
            Assert.Contains("98,000円振込不能", compact);
            Assert.Contains("合計248,000円", compact);
        }
    }

    private static async Task<CloseOutcome> CloseAsync(PortalAppFactory app, DateTimeOffset at, DateOnly month)
    {
        await using var scope = app.At(new ManualClock(at.ToUniversalTime())).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentClose>().CloseAsync(month, "admin@onshi.example");
    }

    private static async Task<IReadOnlyList<string>> SettleAsync(PortalAppFactory app, long batchId, string? csv)
    {
        await using var scope = app.At(new ManualClock(January31.AddDays(25).ToUniversalTime())).Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentSettlement>().SettleAsync(batchId, csv is null ? null : Encoding.UTF8.GetBytes(csv), "admin@onshi.example");
    }
}

public sealed class SubsidyPaymentTestsOnSqlite : SubsidyPaymentTests
{
    protected override TestDatabase CreateDatabase() => new SqliteTestDatabase();
}

public sealed class SubsidyPaymentTestsOnPostgres : SubsidyPaymentTests
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();
}
