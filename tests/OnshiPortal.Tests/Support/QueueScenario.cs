using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Procedures.CardReaders;
using OnshiPortal.Features.Procedures.ServiceApplications;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// Filings of the road's procedures for the operator's side (the review queue, bulk 受理, the dashboard's road),
/// filed as the forms file them: through <see cref="FilingService.SubmitAsync"/> for an activated institution's
/// 管理者, with the procedure's rules and the receipt number of a real filing.
/// </summary>
public static class QueueScenario
{
    /// <summary>
    /// An imported master and <paramref name="count"/> activated institutions, each with its 管理者's access:
    /// active ones, the first two in different prefectures and kinds where the master allows. With
    /// <paramref name="activate"/> false the 管理者 is written straight to the database (PeopleScenario) instead of
    /// activating a letter's login over HTTP: an end-to-end app listens on a real port the test client cannot reach.
    /// </summary>
    public static async Task<(List<InstitutionRecord> Records, List<InstitutionAccess> Institutions)> QueueInstitutionsAsync(this PortalAppFactory app, int count, int seed = 61, bool activate = true)
    {
        var records = await app.ImportGeneratedAsync(30, seed);
        var active = records.Where(r => r.ClosedOn is null).ToList();
        var first = active[0];
        var chosen = new List<InstitutionRecord> { first };
        chosen.AddRange(active.Where(r => r.Code.Prefecture != first.Code.Prefecture && r.Code.Kind != first.Code.Kind).Take(1));
        chosen.AddRange(active.Where(r => !chosen.Contains(r)).Take(count - chosen.Count));
        var accesses = new List<InstitutionAccess>();
        foreach (var (record, i) in chosen.Take(count).Select((r, i) => (r, i)))
        {
            var email = $"queue{i}-{record.Code.Value}@example.jp";
            if (activate)
            {
                await app.ActivateAccountAsync(record.Code.Value, email);
            }
            else
            {
                await app.AddPersonAsync(record.Code.Value, email, InstitutionRole.Administrator, "管理者 " + i);
            }

            accesses.Add(await app.AccessOfAsync(email));
        }

        return (records, accesses);
    }

    /// <summary>The access of an active person of an institution, as the portal resolves it for a request.</summary>
    public static async Task<InstitutionAccess> AccessOfAsync(this PortalAppFactory app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<OnshiPortal.Infrastructure.Data.PortalDbContext>();
        var person = await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
        var access = await scope.ServiceProvider.GetRequiredService<InstitutionAccesses>().ResolveAsync(person.Id, null);
        return access ?? throw new InvalidOperationException($"{email} has no institution access.");
    }

    /// <summary>
    /// Files a procedure for the institution; returns the filing (in 受付). <paramref name="quantity"/> is the
    /// terminals (利用申請), readers (カードリーダー) or terminal's number (電子証明書).
    /// </summary>
    public static async Task<Filing> FileAsync(this PortalAppFactory app, InstitutionAccess filer, FilingType type, int? quantity = null, DateOnly? effectiveOn = null)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (quantity is { } number)
        {
            values[type == FilingType.CardReaderOrder ? CardReaderOrder.QuantityField : ServiceApplicationFields.Terminals] = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var fields = new List<FiledField> { new("医療機関等コード", filer.InstitutionCode) };
        if (quantity is not null)
        {
            fields.Add(new FiledField("台数", values.Values.Single()));
        }

        await using var scope = app.Services.CreateAsyncScope();
        var filings = scope.ServiceProvider.GetRequiredService<FilingService>();
        var outcome = await filings.SubmitAsync(filer, new FilingDraft(type, "{}", fields, Values: values, Quantity: quantity, EffectiveOn: effectiveOn), Guid.NewGuid());
        Assert.True(outcome.Refusal is null, outcome.Refusal);
        return outcome.Filing!;
    }

    /// <summary>受理 by an operator, as the review page does it.</summary>
    public static async Task AcceptAsync(this PortalAppFactory app, Filing filing)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var refusal = await scope.ServiceProvider.GetRequiredService<FilingService>().AcceptAsync(filing.Id, "operator@onshi.example");
        Assert.True(refusal is null, refusal);
    }

    /// <summary>A filing moved back in time (受付 and its last change), to test the age filter and the months.</summary>
    public static async Task BackdateAsync(this PortalAppFactory app, Filing filing, DateTimeOffset submittedAt, DateTimeOffset? updatedAt = null)
    {
        await using var db = app.Database.CreateContext();
        await db.Set<Filing>().Where(f => f.Id == filing.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.SubmittedAt, submittedAt).SetProperty(f => f.UpdatedAt, updatedAt ?? submittedAt));
    }

    /// <summary>The name the queue and the CSV show for the filing (a self-registrant's own words can be anything).</summary>
    public static async Task RenameAsync(this PortalAppFactory app, Filing filing, string name)
    {
        await using var db = app.Database.CreateContext();
        await db.Set<Filing>().Where(f => f.Id == filing.Id).ExecuteUpdateAsync(s => s.SetProperty(f => f.InstitutionName, name));
    }

    /// <summary>
    /// A filing of the road written as it stands at a known instant (for the dashboard's months), for an institution
    /// whose account <see cref="DashboardScenario"/> made: accepted (受理 at <paramref name="decidedAt"/>) or still
    /// in 受付. The rules and the receipt are FileAsync's business; the dashboard reads only the columns.
    /// </summary>
    public static async Task AddRoadFilingAsync(this PortalAppFactory app, string code, FilingType type, FilingState state, DateTimeOffset decidedAt, DateOnly? effectiveOn = null)
    {
        await app.AddFilingAsync(code, type, state, decidedAt, effectiveOn);

        // Written without the 受理 hook: the master's milestones as the hook keeps them.
        await using var db = app.Database.CreateContext();
        await Features.Procedures.Road.RoadMilestones.RecomputeAsync(db, [code], CancellationToken.None);
    }

    /// <summary>
    /// A filing written straight to the database as it stands at <paramref name="decidedAt"/> (filed two days before),
    /// by the institution's account, with its entries and amount: for what reads filings, not for the filing's rules.
    /// </summary>
    public static async Task<Filing> AddFilingAsync(
        this PortalAppFactory app, string code, FilingType type, FilingState state, DateTimeOffset decidedAt, DateOnly? effectiveOn = null, string entries = "{}", long? amount = null)
    {
        await using var db = app.Database.CreateContext();
        var filer = await db.Users.AsNoTracking().Where(u => u.AccountOf == code).Select(u => u.Id).FirstAsync();
        var parsed = InstitutionCode.Parse(code);
        var number = await db.Set<Filing>().CountAsync() + 1;
        var filing = new Filing
        {
            Type = type,
            ReceiptNumber = $"{Features.Procedures.ProcedureCatalog.Of(type).Prefix}-2026-{number:000000}",
            State = state,
            InstitutionCode = code,
            Prefecture = parsed.Prefecture,
            Kind = parsed.Kind,
            InstitutionName = "医療機関" + code,
            FiledByUserId = filer,
            SubmittedAt = decidedAt.AddDays(-2).ToUniversalTime(),
            UpdatedAt = decidedAt.ToUniversalTime(),
            Entries = entries,
            Fields = "[]",
            Quantity = type == FilingType.ServiceApplication ? 1 : null,
            EffectiveOn = effectiveOn,
            Amount = amount,
            OpenKey = state == FilingState.Submitted ? Filing.OpenKeyFor(code, type) + ":" + number : null,
        };
        db.Set<Filing>().Add(filing);
        await db.SaveChangesAsync();
        return filing;
    }
}
