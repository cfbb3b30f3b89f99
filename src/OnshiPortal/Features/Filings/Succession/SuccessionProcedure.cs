using System.Text.Json;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Procedures;

namespace OnshiPortal.Features.Filings.Succession;

/// <summary>承継届出: the seed's notice; its form is its own (Succession/Form), its 受理 moves the account and the road.</summary>
public sealed class SuccessionProcedure : Procedure
{
    public override FilingType Type => FilingType.Succession;

    public override string Prefix => "S";

    public override string Slug => "succession";

    public override string Name => "承継届出";

    public override string Title => "オンライン資格確認関係 保険医療機関等承継届出";

    public override string EnglishName => "Succession filing";

    public override string EnglishTitle => "Succession filing for insured medical institutions (online eligibility verification)";

    public override string Description => "医療法人化、開設者の変更、移転などで医療機関等コードが変わったときに、アカウントを新しいコードに引き継ぎます。";

    public override bool UsesEngineForm => false;

    public override string FormPath => "/mypage/succession";

    public override string Outcome(Filing filing) => Infrastructure.Localization.Ui.Text(FilingMails.SuccessionOutcome, filing?.SuccessorCode);

    public override async Task<string?> RefusalAsync(ProcedureContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Values.TryGetValue(nameof(SuccessionEntries.NewCode), out var newCode)
            ? await SuccessionRules.RefusalAsync(context.Db, context.InstitutionCode, InstitutionCode.Parse(newCode), cancellationToken)
            : null;
    }

    public override Task<string?> AcceptedAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Services.GetRequiredService<SuccessionTransfer>().MoveAsync(filing, context.Actor, context.Now, cancellationToken);
    }
}
