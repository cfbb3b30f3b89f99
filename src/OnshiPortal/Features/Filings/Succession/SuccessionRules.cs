using Microsoft.EntityFrameworkCore;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;

namespace OnshiPortal.Features.Filings.Succession;

/// <summary>When a succession cannot be filed or accepted; checked on the form, on filing and again on acceptance.</summary>
public static class SuccessionRules
{
    /// <summary>The Japanese reason the old code cannot pass its account to the new one, or null.</summary>
    public static async Task<string?> RefusalAsync(PortalDbContext db, string oldCode, InstitutionCode newCode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (newCode.Value == oldCode)
        {
            return "新しい医療機関等コードが現在の医療機関等コードと同じです。承継後の新しいコードを入力してください。";
        }

        var old = InstitutionCode.Parse(oldCode);
        if (newCode.Kind != old.Kind)
        {
            return Ui.Text("新しい医療機関等コードの点数表番号（{0}）が現在のコード（{1}）と異なります。同じ点数表のコードを入力してください。", Ui.Text(newCode.Kind.Japanese()), Ui.Text(old.Kind.Japanese()));
        }

        var current = await db.Institutions.AsNoTracking().Where(i => i.Code == oldCode).Select(i => (InstitutionStatus?)i.Status).FirstOrDefaultAsync(cancellationToken);
        if (current == InstitutionStatus.Closed)
        {
            return "現在の医療機関等コードは廃止されているため、承継届出はできません。オンライン資格確認等コールセンター（0800-0804583）へご連絡ください。";
        }

        if (current == InstitutionStatus.Succeeded)
        {
            return "現在の医療機関等コードはすでに承継済みです。";
        }

        var successor = await db.Institutions.AsNoTracking().Where(i => i.Code == newCode.Value).Select(i => (InstitutionStatus?)i.Status).FirstOrDefaultAsync(cancellationToken);
        if (successor is InstitutionStatus.Closed or InstitutionStatus.Succeeded)
        {
            return "新しい医療機関等コードは廃止または承継済みです。コードに誤りがないかご確認ください。";
        }

        if (await PendingRegistrations.Proven(db, db.Users).AnyAsync(u => u.InstitutionCode == newCode.Value, cancellationToken))
        {
            return "新しい医療機関等コードにはすでにアカウントが登録されています。承継届出はできません。オンライン資格確認等コールセンター（0800-0804583）へご連絡ください。";
        }

        return null;
    }
}
