using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures.ServiceApplications;

/// <summary>マスタアカウント通知: issued on the 利用申請's 受理. (Being built: sealed passwords, one download.)</summary>
public sealed class MasterAccountNotices
{
    public Task<string?> IssueAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
