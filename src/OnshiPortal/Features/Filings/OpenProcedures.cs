using OnshiPortal.Infrastructure;

namespace OnshiPortal.Features.Filings;

/// <summary>
/// The procedures an account with a proven registration can start today, for the pages that end a registration
/// (アカウント登録の完了, 受付): the deferral filing only until its deadline, the succession filing always.
/// </summary>
public sealed record OpenProcedures(DateOnly DeferralDeadline, bool DeferralOpen)
{
    public static OpenProcedures Today(FilingOptions options, TimeProvider clock) =>
        new(options.Deferral.Deadline, JapanTime.Today(clock) <= options.Deferral.Deadline);
}
