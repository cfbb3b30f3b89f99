using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Procedures.CardReaders;

/// <summary>
/// 顔認証付きカードリーダー申込: free readers, up to a limit by kind of institution (病院 3, 診療所 and 薬局 1, in
/// configuration), delivered to the master's address unless the institution says otherwise. After 受理 the operator
/// marks it 発送済 with the tracking number, and the institution confirms its arrival (到着確認).
/// </summary>
public sealed class CardReaderOrder : Procedure
{
    public const string QuantityField = "quantity";

    public override FilingType Type => FilingType.CardReaderOrder;

    public override string Prefix => "R";

    public override string Slug => "card-reader";

    public override string Name => "顔認証付きカードリーダー申込";

    public override string Title => "顔認証付きカードリーダー申込";

    public override string EnglishName => "Card reader order";

    public override string EnglishTitle => "Order for face-recognition card readers";

    public override string Description => "マイナンバーカードの読み取りに使う顔認証付きカードリーダーを無償で申し込みます。";

    public override IReadOnlyList<Fulfilment> Fulfilments { get; } =
    [
        new(FilingState.Accepted, FilingState.Shipped, ByOperator: true, "発送済にする", NoteLabel: "追跡番号"),
        new(FilingState.Shipped, FilingState.Delivered, ByOperator: false, "到着を確認した"),
    ];

    public override (int? Quantity, DateOnly? EffectiveOn) Columns(IReadOnlyDictionary<string, string> values) =>
        (values.TryGetValue(QuantityField, out var text) && int.TryParse(text, out var quantity) ? quantity : null, null);

    public override async Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var allowance = await AllowanceAsync(context, cancellationToken);
        if (allowance.Left <= 0)
        {
            return Ui.Text("{0}が無償で申し込めるカードリーダーは{1}台までで、すでに{2}台を申し込んでいます。", Ui.Text(allowance.Class.Japanese()), allowance.Limit, allowance.Ordered);
        }

        return context.Quantity is { } asked && asked > allowance.Left
            ? Ui.Text("{0}が無償で申し込めるカードリーダーは{1}台までです。すでに{2}台を申し込んでいるため、あと{3}台まで申し込めます。", Ui.Text(allowance.Class.Japanese()), allowance.Limit, allowance.Ordered, allowance.Left)
            : null;
    }

    public override async Task<Dictionary<string, string>> DefaultsAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var master = await context.Db.Institutions.AsNoTracking().FirstOrDefaultAsync(i => i.Code == context.InstitutionCode, cancellationToken);
        return master is null
            ? new(StringComparer.Ordinal) { [QuantityField] = "1" }
            : new(StringComparer.Ordinal)
            {
                [QuantityField] = "1",
                ["deliveryName"] = master.Name,
                ["postalCode"] = master.PostalCode,
                ["address"] = master.Address,
                ["phone"] = master.Phone,
            };
    }

    /// <summary>The institution's limit, what it has ordered (every order not withdrawn), and what is left.</summary>
    public static async Task<CardReaderAllowance> AllowanceAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var beds = await context.Db.Institutions.AsNoTracking().Where(i => i.Code == context.InstitutionCode).Select(i => i.Beds).FirstOrDefaultAsync(cancellationToken);
        var kind = InstitutionCode.Parse(context.InstitutionCode).Kind;
        var type = InstitutionClasses.Of(kind, beds);
        var limits = context.Services.GetRequiredService<IOptions<ProcedureOptions>>().Value.CardReaders;
        var limit = type switch
        {
            InstitutionClass.Hospital => limits.Hospital,
            InstitutionClass.Pharmacy => limits.Pharmacy,
            _ => limits.Clinic,
        };
        var ordered = await context.Filings(FilingType.CardReaderOrder).Where(f => f.State != FilingState.Withdrawn).SumAsync(f => f.Quantity ?? 0, cancellationToken);
        return new CardReaderAllowance(type, limit, ordered);
    }
}

/// <summary>How many readers an institution may have free, and how many it ordered.</summary>
public sealed record CardReaderAllowance(InstitutionClass Class, int Limit, int Ordered)
{
    public int Left => Math.Max(0, Limit - Ordered);
}
