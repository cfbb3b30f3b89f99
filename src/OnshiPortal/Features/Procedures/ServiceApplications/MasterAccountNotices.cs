using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnshiPortal.Features.Account;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Filings;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.People;
using OnshiPortal.Infrastructure;
using OnshiPortal.Infrastructure.Audit;
using OnshiPortal.Infrastructure.Data;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Features.Procedures.ServiceApplications;

/// <summary>What マイページ and the call centre show of the notice: never a password.</summary>
public sealed record MasterAccountState(string ProductionId, string TestId, DateTimeOffset IssuedAt, DateTimeOffset? DownloadedAt, string? DownloadedBy)
{
    public bool Ready => DownloadedAt is null;
}

/// <summary>The notice as a file, and the refusal when there is none to give.</summary>
public sealed record MasterAccountFile(string FileName, byte[] Content);

/// <summary>
/// マスタアカウント通知: issued on the 利用申請's 受理 (in its transaction), mailed as ready to the institution's
/// people, downloaded once from マイページ by a 管理者 or 担当者 of the institution itself.
/// </summary>
public sealed class MasterAccountNotices(PortalDbContext db, LetterPasswordSeal seal, AuditTrail audit, MailOutbox outbox, IOptions<MailOptions> mail, TimeProvider clock)
{
    /// <summary>Long enough to resist guessing while the institution types it once before changing it.</summary>
    public const int PasswordLength = 12;

    public const string NotYours = MasterAccount.NotYours;

    public const string NoneReady = MasterAccount.NoneReady;

    /// <summary>
    /// Issues the accounts, unless the institution has them already: a later 利用申請 (more terminals, another line)
    /// replaces the earlier one but not the accounts, which the institution keeps (and whose passwords it has changed
    /// since the first download); issuing again would hand out a second set that nobody could use.
    /// </summary>
    public async Task<string?> IssueAsync(ProcedureContext context, Filing filing, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(filing);
        var code = filing.InstitutionCode;
        if (await db.Set<MasterAccount>().AnyAsync(a => a.InstitutionCode == code, cancellationToken))
        {
            return null;
        }

        var account = new MasterAccount
        {
            InstitutionCode = code,
            ProductionId = MasterAccount.ProductionIdOf(code),
            TestId = MasterAccount.TestIdOf(code),
            ReceiptNumber = filing.ReceiptNumber,
            IssuedAt = context.Now,
            IssuedBy = Truncate(context.Actor),
        };
        var (keyId, production) = seal.Seal(account.ProductionId, PasswordGenerator.Generate(PasswordLength));
        var (_, test) = seal.Seal(account.TestId, PasswordGenerator.Generate(PasswordLength));
        account.SealKeyId = keyId;
        account.SealedProductionPassword = production;
        account.SealedTestPassword = test;
        db.Set<MasterAccount>().Add(account);
        audit.Record("master-account.issued", context.Actor, code, new { filing.ReceiptNumber, account.ProductionId, account.TestId });

        foreach (var recipient in await InstitutionMail.RecipientsAsync(db, code, MailTopics.Outcomes, null, cancellationToken))
        {
            using (Languages.Use(recipient.Language))
            {
                outbox.Enqueue(MailTemplate.Render(typeof(MasterAccountNotices), "MasterAccountReady", new Dictionary<string, string>
                {
                    ["InstitutionName"] = filing.InstitutionName,
                    ["InstitutionCode"] = code,
                    ["ReceiptNumber"] = filing.ReceiptNumber,
                    ["DownloadUrl"] = mail.Value.Link(MasterAccountPage),
                }).To(recipient.Email));
            }
        }

        return null;
    }

    public const string MasterAccountPage = "/mypage/master-account";

    public Task<MasterAccountState?> StateAsync(string institutionCode, CancellationToken cancellationToken = default) =>
        db.Set<MasterAccount>().AsNoTracking().Where(a => a.InstitutionCode == institutionCode)
            .Select(a => new MasterAccountState(a.ProductionId, a.TestId, a.IssuedAt, a.DownloadedAt, a.DownloadedBy))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Only the institution's own 管理者 and 担当者: a 閲覧者 reads, a vendor's person acts for a procedure, neither gets the passwords.</summary>
    public static bool MayDownload(InstitutionAccess access) =>
        access is not null && !access.IsVendor && access.Role is InstitutionRole.Administrator or InstitutionRole.Clerk;

    /// <summary>
    /// The notice, once: the seals are read, then emptied by a conditional update (only while they are still there),
    /// so that of two people pressing at once one gets the file and the other a refusal. The passwords then exist on
    /// the downloaded file alone.
    /// </summary>
    public async Task<(MasterAccountFile? File, string? Refusal)> DownloadAsync(InstitutionAccess access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(access);
        if (!MayDownload(access))
        {
            return (null, NotYours);
        }

        var code = access.InstitutionCode;
        var account = await db.Set<MasterAccount>().AsNoTracking()
            .FirstOrDefaultAsync(a => a.InstitutionCode == code && a.SealedProductionPassword != null, cancellationToken);
        if (account?.SealKeyId is not { } keyId || account.SealedProductionPassword is not { } production || account.SealedTestPassword is not { } test)
        {
            return (null, NoneReady);
        }

        var content = Render(account, await InstitutionNameAsync(code, cancellationToken),
            seal.Open(keyId, account.ProductionId, production), seal.Open(keyId, account.TestId, test));
        var now = clock.GetUtcNow();
        var actor = Truncate(access.Actor);
        var taken = await db.Set<MasterAccount>()
            .Where(a => a.Id == account.Id && a.SealedProductionPassword != null && a.DownloadedAt == null)
            .ExecuteUpdateAsync(s => s
                .SetProperty(a => a.SealedProductionPassword, (byte[]?)null)
                .SetProperty(a => a.SealedTestPassword, (byte[]?)null)
                .SetProperty(a => a.SealKeyId, (string?)null)
                .SetProperty(a => a.DownloadedAt, now)
                .SetProperty(a => a.DownloadedBy, actor), cancellationToken);
        if (taken == 0)
        {
            return (null, NoneReady);
        }

        audit.Record("master-account.downloaded", access.Actor, code, new { account.ProductionId, account.TestId });
        await db.SaveChangesAsync(cancellationToken);
        return (new MasterAccountFile($"master-account-{code}.txt", content), null);
    }

    private async Task<string> InstitutionNameAsync(string code, CancellationToken cancellationToken) =>
        await db.Set<Institution>().Where(i => i.Code == code).Select(i => i.Name).FirstOrDefaultAsync(cancellationToken) ?? code;

    /// <summary>A plain text file (UTF-8 with a BOM, CRLF: it opens as written in Windows' Notepad), printed or kept by the institution.</summary>
    private static byte[] Render(MasterAccount account, string institutionName, string productionPassword, string testPassword)
    {
        var text = new StringBuilder()
            .AppendLine("マスタアカウント通知")
            .AppendLine("医療機関等向けポータルサイト（厚生労働省・社会保険診療報酬支払基金）")
            .AppendLine()
            .AppendLine($"医療機関等: {institutionName}（医療機関等コード {account.InstitutionCode}）")
            .AppendLine($"利用申請の受付番号: {account.ReceiptNumber}")
            .AppendLine($"発行日: {Wareki.Date(account.IssuedAt)}")
            .AppendLine()
            .AppendLine("■ 本番環境のマスタアカウント")
            .AppendLine($"  マスタアカウントID: {account.ProductionId}")
            .AppendLine($"  初期パスワード:     {productionPassword}")
            .AppendLine()
            .AppendLine("■ 検証環境のマスタアカウント")
            .AppendLine($"  マスタアカウントID: {account.TestId}")
            .AppendLine($"  初期パスワード:     {testPassword}")
            .AppendLine()
            .AppendLine("※ この通知は一度だけダウンロードできます。ポータルサイトには初期パスワードは残りません。")
            .AppendLine("※ 初回のログインで初期パスワードを変更し、この通知は施錠できる場所に保管するか、変更後に破棄してください。")
            .AppendLine("※ 紛失した場合は、オンライン資格確認等コールセンターにお問い合わせください。")
            .ToString().ReplaceLineEndings("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
    }

    private static string Truncate(string value) => value.Length <= 256 ? value : value[..256];
}
