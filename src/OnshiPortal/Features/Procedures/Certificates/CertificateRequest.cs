using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Procedures.Certificates;

/// <summary>
/// 電子証明書発行申請: one request per terminal (numbered 1 to what the accepted 利用申請 planned) per 医療機関等コード.
/// A certificate is bound to its code, so after a succession the new code asks again. After 受理 the operator marks
/// it 発行済 and the notice goes by post.
/// </summary>
public sealed class CertificateRequest : Procedure
{
    public const string TerminalField = "terminal";

    /// <summary>The terminal's place (受付1), printed on the notice.</summary>
    public const string TerminalNameField = "terminalName";

    public override FilingType Type => FilingType.CertificateRequest;

    public override string Prefix => "C";

    public override string Slug => "certificate";

    public override string Name => "電子証明書発行申請";

    public override string Title => "オンライン資格確認 電子証明書発行申請";

    public override string EnglishName => "Certificate request";

    public override string EnglishTitle => "Request for a client certificate for a terminal";

    public override string Description => "資格確認端末ごとに、オンライン資格確認で使う電子証明書の発行を申請します。";

    public override IReadOnlyList<Fulfilment> Fulfilments { get; } =
    [
        new(FilingState.Accepted, FilingState.Issued, ByOperator: true, "発行済にする（発行通知を郵送）"),
    ];

    /// <summary>One open request per terminal: the terminal's number is in the key.</summary>
    public override string OpenKey(string institutionCode, int? quantity) => $"{Filing.OpenKeyFor(institutionCode, Type)}:{quantity}";

    public override (int? Quantity, DateOnly? EffectiveOn) Columns(IReadOnlyDictionary<string, string> values) =>
        (values.TryGetValue(TerminalField, out var text) && int.TryParse(text, out var terminal) ? terminal : null, null);

    public override async Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await context.AcceptedServiceApplicationAsync(cancellationToken) is not { } application)
        {
            return "電子証明書の発行申請は、利用申請が受理された後にできます。";
        }

        var terminals = application.Quantity ?? 0;
        if (context.Quantity is not { } terminal)
        {
            return null;
        }

        if (terminal > terminals)
        {
            return Ui.Text("利用申請の端末台数は{0}台です。端末の番号は1から{0}までで入力してください。端末を増やす場合は、先に新しい利用申請をしてください。", terminals);
        }

        // Bound to the code: a request of an earlier code (before a succession) does not count for this one.
        var code = context.InstitutionCode;
        var taken = await context.Filings(FilingType.CertificateRequest)
            .Where(f => f.InstitutionCode == code && f.Quantity == terminal && f.State != FilingState.Withdrawn)
            .Select(f => f.ReceiptNumber).FirstOrDefaultAsync(cancellationToken);
        return taken is null ? null : Ui.Text("端末{0}の電子証明書は、すでに申請されています（受付番号 {1}）。", terminal, taken);
    }

    public override Task<string?> FulfilledAsync(ProcedureContext context, Filing filing, Fulfilment step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetRequiredService<CertificateNotices>().QueueAsync(context, filing, cancellationToken);
    }
}
