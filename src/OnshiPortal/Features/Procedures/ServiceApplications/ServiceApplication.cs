using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures.ServiceApplications;

/// <summary>
/// オンライン資格確認 利用申請: the line, the customer ID, the planned month, the terminals, the vendor. Its 受理 opens
/// the rest of the road (電子証明書, 運用開始日) and issues the institution's マスタアカウント通知.
/// A new 利用申請 after an accepted one replaces it (more terminals, another line); the latest accepted counts.
/// </summary>
public sealed class ServiceApplication : Procedure
{
    /// <summary>The field whose number is the terminals planned (<see cref="Filing.Quantity"/>).</summary>
    public const string TerminalsField = "terminals";

    public override FilingType Type => FilingType.ServiceApplication;

    public override string Prefix => "A";

    public override string Slug => "service-application";

    public override string Name => "利用申請";

    public override string Title => "オンライン資格確認 利用申請";

    public override string EnglishName => "Application to use the service";

    public override string EnglishTitle => "Application to use online eligibility verification";

    public override string Description => "回線、運用開始予定月、資格確認端末の台数、システム事業者を申請します。受理されるとマスタアカウントが発行されます。";

    public override (int? Quantity, DateOnly? EffectiveOn) Columns(IReadOnlyDictionary<string, string> values) =>
        (values.TryGetValue(TerminalsField, out var text) && int.TryParse(text, out var terminals) ? terminals : null, null);

    public override async Task<string?> AcceptedAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filing);
        if (await context.Services.GetRequiredService<MasterAccountNotices>().IssueAsync(context, filing, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        await Road.RoadMilestones.RecomputeAsync(context.Db, [filing.InstitutionCode], cancellationToken);
        return null;
    }
}

/// <summary>The ids of the 利用申請's fields that code reads (the rest are configuration only).</summary>
public static class ServiceApplicationFields
{
    public const string Terminals = ServiceApplication.TerminalsField;

    public const string PlannedMonth = "plannedMonth";
}
