using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.PostalLetters;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

namespace OnshiPortal.Features.Procedures.Certificates;

/// <summary>電子証明書の発行通知: a letter queued for the post when a certificate is marked 発行済, in that step's transaction.</summary>
public sealed class CertificateNotices(PortalDbContext db, PostalLetterQueue queue)
{
    public const string NoAddress = "医療機関等マスタに郵便番号・住所がないため、発行通知を郵送できません。マスタを確認してください。";

    public async Task<string?> QueueAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filing);
        var institution = await db.Set<Institution>().AsNoTracking().FirstOrDefaultAsync(i => i.Code == filing.InstitutionCode, cancellationToken);
        if (institution is null || institution.PostalCode.Length != 7 || institution.Address.Length == 0)
        {
            // Without the master's address the letter cannot go: better the operator hears it now than the printer later.
            return NoAddress;
        }

        var entries = filing.Entries.Length > 0 ? JsonSerializer.Deserialize<Dictionary<string, string>>(filing.Entries) ?? [] : [];
        var letter = new CertificateNoticeLetter(
            institution.Name,
            institution.PostalCode,
            institution.Address,
            filing.ReceiptNumber,
            filing.Quantity ?? (entries.TryGetValue(CertificateRequest.TerminalField, out var number) && int.TryParse(number, out var parsed) ? parsed : 0),
            entries.TryGetValue(CertificateRequest.TerminalNameField, out var name) ? name : string.Empty,
            JapanTime.DayOf(context.Now));
        queue.Queue(PostalLetterKind.CertificateNotice, filing.InstitutionCode, letter, context.Now);
        return null;
    }
}
