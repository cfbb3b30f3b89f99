using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Subsidy;
using OnshiPortal.Features.Subsidy.Payments;
using OnshiPortal.Tests.Support;
using static OnshiPortal.Tests.Support.DashboardScenario;

namespace OnshiPortal.Tests.Faults;

/// <summary>
/// Issue 19: <c>onshi subsidy close</c> killed (SIGKILL) in the middle of the month's close leaves no batch and no
/// payment, and its rerun pays every claim exactly once. On PostgreSQL, the production database.
/// </summary>
[Collection(OwnProcesses.Name)]
public sealed class KilledPaymentCloseFaultTests : DataTest
{
    protected override TestDatabase CreateDatabase() => new PostgresTestDatabase();

    [Fact]
    public async Task A_close_killed_while_writing_its_payments_leaves_nothing_and_its_rerun_pays_each_claim_once()
    {
        await using var app = await StartAppAsync();
        await ArrangeAsync(app);
        var november = new DateTimeOffset(2026, 11, 10, 12, 0, 0, TimeSpan.FromHours(9));
        var claims = new List<Filing>();
        foreach (var code in new[] { A, C, D, E })
        {
            claims.Add(await app.AddAcceptedClaimAsync(code, 100_000, november));
        }

        // The test holds, uncommitted, a payment of the last claim: the close's insert of its payments waits on the
        // unique PayKey in the middle of its transaction (the batch written, the payments half), where it is killed.
        await using var holder = app.Database.CreateContext();
        var hold = await holder.Database.BeginTransactionAsync();
        var held = new PaymentBatch { Month = new DateOnly(1999, 1, 1), Number = 1, TransferDate = new DateOnly(1999, 2, 22), ClosedAt = DateTimeOffset.UtcNow, ClosedBy = "held-by-the-test" };
        held.Payments.Add(new SubsidyPayment
        {
            FilingId = claims[^1].Id,
            ReceiptNumber = claims[^1].ReceiptNumber,
            InstitutionCode = claims[^1].InstitutionCode,
            Amount = 1,
            BankCode = "0005",
            BranchCode = "001",
            DepositType = DepositType.Ordinary,
            AccountNumber = "1234567",
            HolderName = "ﾃｽﾄ",
            PayKey = claims[^1].Id,
        });
        holder.Add(held);
        await holder.SaveChangesAsync();

        var application = "onshi-close-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Portal"] = DatabaseSessions.Named(app.Database.ConnectionString, application),
            ["Credentials__KeyFile"] = app.CredentialKeyFile,
        };
        await using (var killed = PortalProcess.Start(settings, "subsidy", "close", "--month", "2026-11"))
        {
            await DatabaseSessions.UntilBlockedAsync(app.Database.ConnectionString, application, killed);
            await killed.KillAsync();
        }

        await hold.RollbackAsync();
        await hold.DisposeAsync();
        await DatabaseSessions.UntilGoneAsync(app.Database.ConnectionString, application);
        await using (var db = app.Database.CreateContext())
        {
            Assert.Equal(0, await db.Set<PaymentBatch>().CountAsync());
            Assert.Equal(0, await db.Set<SubsidyPayment>().CountAsync());
        }

        await using var rerun = PortalProcess.Start(settings, "subsidy", "close", "--month", "2026-11");
        Assert.True(await rerun.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, rerun.Output);
        Assert.Contains("支払バッチ 2026-11-1: 4件 400,000円", rerun.Output);

        await using var check = app.Database.CreateContext();
        var payments = await check.Set<SubsidyPayment>().AsNoTracking().ToListAsync();
        Assert.Equal(claims.Select(c => c.Id).Order(), payments.Select(p => p.FilingId).Order());
        var batch = await check.Set<PaymentBatch>().AsNoTracking().SingleAsync();
        Assert.Equal(4, ZenginTransferFile.Parse((await app.OpenedBatchAsync(batch.Id)).TransferFile).Data.Count);

        // Run again: nothing new, nothing paid twice.
        await using var again = PortalProcess.Start(settings, "subsidy", "close", "--month", "2026-11");
        Assert.NotEqual(0, await again.WaitForExitAsync(TimeSpan.FromMinutes(2)));
        Assert.Equal(4, await check.Set<SubsidyPayment>().CountAsync());
    }
}
