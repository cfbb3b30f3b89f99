using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Filings.Succession;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Data;

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
        var changes = new List<(string, string)> { ("届出の状態", $"{filing.State.Japanese()} → {FilingState.Accepted.Japanese()}（取り消せません）") };
        string? refusal = null;
        if (filing.Type == FilingType.Succession)
        {
            var entries = JsonSerializer.Deserialize<SuccessionEntries>(filing.Entries)!;
            var newCode = InstitutionCode.Parse(entries.NewCode);
            var successor = await db.Institutions.AsNoTracking().Where(i => i.Code == newCode.Value).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken);
            var strangers = await PendingRegistrations.All(db).CountAsync(r => r.InstitutionCode == newCode.Value, cancellationToken);
            changes.Add(("アカウント", $"{filerEmail} が {filing.InstitutionCode}（{filing.InstitutionName}）から {newCode.Value}（{entries.NewName}）へ移ります。メールアドレスとパスワードはそのままです。"));
            changes.Add(("旧コードのマスタ", $"{filing.InstitutionCode} は「承継済」になり、承継先 {newCode.Value} が記録されます。"));
            changes.Add(("新コードのマスタ", successor is null
                ? $"{newCode.Value} はマスタにないため、届出の内容（{entries.NewName}、有効開始日 {Wareki.Date(entries.ValidFrom)}）で登録します。"
                : $"{newCode.Value}（{successor}）はマスタに登録済みです。"));
            if (strangers > 0)
            {
                changes.Add(("新コードの確認待ちの自己登録", $"{strangers}件を取り消し、そのアカウントを削除します（登録者にメールで知らせます）。"));
            }

            refusal = await SuccessionRules.RefusalAsync(db, filing.InstitutionCode, newCode, cancellationToken);
        }
        else if (filing.DeferralEndsOn is { } endsOn)
        {
            changes.Add(("経過措置の期限", $"{Wareki.Date(endsOn)} で確定します。"));
        }

        changes.Add(("お知らせ", $"{filerEmail} へ受理のお知らせをメールで送ります。"));
        return new AcceptancePreview(changes, refusal);
    }
}
