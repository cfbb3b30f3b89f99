using OnshiPortal.Features.Filings;

namespace OnshiPortal.Features.Procedures.Certificates;

/// <summary>電子証明書の発行通知: a letter queued for the post when a certificate is marked 発行済. (Being built.)</summary>
public sealed class CertificateNotices
{
    public Task<string?> QueueAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
