using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Review;

/// <summary>
/// What 受理 will change, read before the operator confirms it: 受理 cannot be undone, and a succession's moves an
/// account, marks the old code 承継済 and may remove a stranger's pending registration of the new code. Read from the
/// same rules the acceptance applies, so a refusal shows here rather than after the click.
/// </summary>
public sealed record AcceptancePreview(IReadOnlyList<(string Label, string Value)> Changes, string? Refusal)
{
    public static async Task<AcceptancePreview> ReadAsync(PortalDbContext db, Filing filing, string filerEmail, CancellationToken cancellationToken)
    {
        var changes = new List<(string, string)> { ("届出の状態", Ui.Text("{0} → {1}（取り消せません）", Ui.Text(filing.State.Japanese()), Ui.Text(FilingState.Accepted.Japanese()))) };
        string? refusal = null;
        if (filing.Type == FilingType.Succession)
        {
            var entries = JsonSerializer.Deserialize<SuccessionEntries>(filing.Entries)!;
            var newCode = InstitutionCode.Parse(entries.NewCode);
            var successor = await db.Institutions.AsNoTracking().Where(i => i.Code == newCode.Value).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken);
            var strangers = await PendingRegistrations.All(db).CountAsync(r => r.InstitutionCode == newCode.Value, cancellationToken);
            // Every person of the institution moves with it (not only the one who filed).
            var people = await db.Users.AsNoTracking()
                .PeopleOf(filing.InstitutionCode).Where(u => u.State != PersonState.Removed)
                .OrderBy(u => u.CreatedAt).Select(u => u.Email!).ToListAsync(cancellationToken);
            changes.Add(("アカウント", Ui.Text("{0} が {1}（{2}）から {3}（{4}）へ移ります。メールアドレスとパスワードはそのままです。", string.Join("、", people.DefaultIfEmpty(filerEmail)), filing.InstitutionCode, filing.InstitutionName, newCode.Value, entries.NewName)));
            changes.Add(("旧コードのマスタ", Ui.Text("{0} は「承継済」になり、承継先 {1} が記録されます。", filing.InstitutionCode, newCode.Value)));
            changes.Add(("新コードのマスタ", successor is null
                ? Ui.Text("{0} はマスタにないため、届出の内容（{1}、有効開始日 {2}）で登録します。", newCode.Value, entries.NewName, Wareki.Date(entries.ValidFrom))
                : Ui.Text("{0}（{1}）はマスタに登録済みです。", newCode.Value, successor)));
            if (strangers > 0)
            {
                changes.Add(("新コードの確認待ちの自己登録", Ui.Text("{0}件を取り消し、そのアカウントを削除します（登録者にメールで知らせます）。", strangers)));
            }

            refusal = await SuccessionRules.RefusalAsync(db, filing.InstitutionCode, newCode, cancellationToken);
        }
        else if (filing.DeferralEndsOn is { } endsOn)
        {
            changes.Add(("経過措置の期限", Ui.Text("{0} で確定します。", Wareki.Date(endsOn))));
        }

        // The people are still at the filing's code now; a succession takes the same people to the new one.
        var recipients = await InstitutionMail.RecipientsAsync(db, filing.InstitutionCode, MailTopics.Outcomes, filing.FiledByUserId, cancellationToken);
        changes.Add(("受理のお知らせ", Ui.Text("{0} へ受理のお知らせをメールで送ります。", string.Join("、", recipients.Select(r => r.Email).DefaultIfEmpty(filerEmail)))));
        return new AcceptancePreview(changes, refusal);
    }
}
