using OnshiPortal.Features.Account;
using OnshiPortal.Features.Activation;
using OnshiPortal.Features.Campaigns;
using OnshiPortal.Features.Campaigns.Letters;
using OnshiPortal.Features.Institutions;
using OnshiPortal.Features.Registration;
using OnshiPortal.Infrastructure.Audit;

namespace OnshiPortal.Tests.Support;

/// <summary>
/// A small data set for the registration dashboard whose figures are counted by hand (see each comment), written
/// straight into the database: institutions across prefectures and kinds, some closed or succeeded, accounts created
/// at known instants (some near midnight in Japan), and the letters' funnel.
/// </summary>
public static class DashboardScenario
{
    /// <summary>12:00 in Japan on 2026-04-10: the dashboard's "now".</summary>
    public static readonly DateTimeOffset Now = new(2026, 4, 10, 3, 0, 0, TimeSpan.Zero);

    public static readonly string A = Code(1, InstitutionKind.Medical, 1);   // 北海道 医科, active, account
    public static readonly string B = Code(1, InstitutionKind.Medical, 2);   // 北海道 医科, active, no account
    public static readonly string C = Code(1, InstitutionKind.Dental, 3);    // 北海道 歯科, active, account
    public static readonly string D = Code(13, InstitutionKind.Medical, 4);  // 東京都 医科, active, account
    public static readonly string E = Code(13, InstitutionKind.Pharmacy, 5); // 東京都 薬局, active, account
    public static readonly string F = Code(13, InstitutionKind.Pharmacy, 6); // 東京都 薬局, closed, account (does not count)
    public static readonly string G = Code(27, InstitutionKind.Dental, 7);   // 大阪府 歯科, succeeded, account (does not count)
    public static readonly string H = Code(47, InstitutionKind.Pharmacy, 8); // 沖縄県 薬局, active, no account

    /// <summary>東京都 医科, but not in the master (self-registration allows it): its account does not count.</summary>
    public static readonly string NotInMaster = Code(13, InstitutionKind.Medical, 9);

    public static async Task ArrangeAsync(PortalAppFactory app)
    {
        await using var db = app.Database.CreateContext();
        db.Institutions.AddRange(
            Institution(A, InstitutionStatus.Active),
            Institution(B, InstitutionStatus.Active),
            Institution(C, InstitutionStatus.Active),
            Institution(D, InstitutionStatus.Active),
            Institution(E, InstitutionStatus.Active),
            Institution(F, InstitutionStatus.Closed),
            Institution(G, InstitutionStatus.Succeeded),
            Institution(H, InstitutionStatus.Active));
        db.Users.AddRange(
            Account(A, new DateTimeOffset(2026, 4, 7, 16, 0, 0, TimeSpan.Zero)),   // 4/8 01:00 in Japan
            Account(C, new DateTimeOffset(2026, 4, 8, 10, 0, 0, TimeSpan.Zero)),   // 4/8 19:00
            Account(D, new DateTimeOffset(2026, 4, 9, 14, 59, 0, TimeSpan.Zero)),  // 4/9 23:59
            Account(E, new DateTimeOffset(2026, 4, 10, 2, 0, 0, TimeSpan.Zero)),   // 4/10 11:00
            Account(F, new DateTimeOffset(2026, 4, 8, 0, 0, 0, TimeSpan.Zero)),    // closed
            Account(G, new DateTimeOffset(2026, 4, 9, 0, 0, 0, TimeSpan.Zero)),    // succeeded
            Account(NotInMaster, new DateTimeOffset(2026, 4, 9, 1, 0, 0, TimeSpan.Zero)),
            new PortalUser { UserName = "operator@onshi.example", Email = "operator@onshi.example", CreatedAt = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero) });

        // Funnel: credentials for A (issued twice), B, C, D, F: 5 institutions. Logged in: A (twice), B, C: 3.
        // Activation requested: A, C: 2. Activated (credential spent): A's second, C's: 2.
        var issued = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        db.Set<TemporaryCredential>().AddRange(
            Credential(A, 1, issued, used: null, revoked: issued.AddDays(3)),
            Credential(A, 2, issued.AddDays(3), used: new DateTimeOffset(2026, 4, 7, 16, 0, 0, TimeSpan.Zero)),
            Credential(B, 1, issued),
            Credential(C, 1, issued, used: new DateTimeOffset(2026, 4, 8, 10, 0, 0, TimeSpan.Zero)),
            Credential(D, 1, issued),
            Credential(F, 1, issued));
        db.Set<AuditEntry>().AddRange(
            Audit("temporary-login", A), Audit("temporary-login", A), Audit("temporary-login", B), Audit("temporary-login", C),
            Audit("activation.requested", A), Audit("activation.requested", C), Audit("activation.link-resent", D),
            Audit("temporary-login", null));
        await db.SaveChangesAsync();

        // The code the master lacks came by self-registration, the only way to such an account, which records it.
        var notInMaster = db.Users.Single(u => u.InstitutionCode == NotInMaster);
        db.Set<SelfRegistration>().Add(new SelfRegistration { UserId = notInMaster.Id, InstitutionCode = NotInMaster, InMaster = false, CreatedAt = notInMaster.CreatedAt });

        var credentials = db.Set<TemporaryCredential>().ToDictionary(c => c.LoginId, c => c.Id);
        db.Set<ActivationRequest>().AddRange(
            Request(A, credentials[A + "@02"], completed: true),
            Request(C, credentials[C + "@01"], completed: true));
        await db.SaveChangesAsync();

        // Campaign 1 (別添1, issued 4/1) mailed A, B, C, D (H's letter was skipped): logged in after 4/1 A, B, C;
        // requested and completed A, C; D registered without its letter (an account, no activation): 1 otherwise.
        // Campaign 2 (別添2, issued 4/9) mailed E (an account since 4/10) and H (none). Campaign 3 is a draft.
        var first = Campaign(1, "第1回 未登録の医療機関等", CampaignKind.Unregistered, new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var second = Campaign(2, "新設・承継 4月", CampaignKind.NewOrSuccession, new DateTimeOffset(2026, 4, 9, 0, 0, 0, TimeSpan.Zero));
        var draft = Campaign(3, "下書き", CampaignKind.Resend, null);
        db.Set<Campaign>().AddRange(first, second, draft);
        db.Set<CampaignLetter>().AddRange(
            Letter(1, A, CampaignLetterState.Issued), Letter(1, B, CampaignLetterState.Issued), Letter(1, C, CampaignLetterState.Issued),
            Letter(1, D, CampaignLetterState.Issued), Letter(1, H, CampaignLetterState.Skipped),
            Letter(2, E, CampaignLetterState.Issued), Letter(2, H, CampaignLetterState.Issued),
            Letter(3, B, CampaignLetterState.Pending));
        await db.SaveChangesAsync();

        // As creating a campaign does: its letters start from the steps the records show.
        foreach (var campaign in new[] { first, second, draft })
        {
            await LetterProgress.FromRecordsAsync(db, campaign.Id);
        }

        await app.FillStepsFromRecordsAsync();
    }

    private static Campaign Campaign(long id, string name, CampaignKind kind, DateTimeOffset? issuedAt) => new()
    {
        Id = id,
        Name = name,
        Kind = kind,
        CutoffDate = new DateOnly(2026, 3, 31),
        LetterDate = DateOnly.FromDateTime(issuedAt?.UtcDateTime ?? new DateTime(2026, 4, 20)),
        Deadline = new DateOnly(2026, 6, 30),
        EnforcementSentence = LetterSentences.Seed.Enforcement,
        TransitionSentence = LetterSentences.Seed.Transition,
        State = issuedAt is null ? CampaignState.Draft : CampaignState.Issued,
        CreatedAt = new DateTimeOffset(2026, 3, 31, 0, 0, 0, TimeSpan.Zero),
        IssuedAt = issuedAt,
    };

    private static CampaignLetter Letter(long campaign, string code, CampaignLetterState state) => new()
    {
        CampaignId = campaign,
        InstitutionCode = code,
        State = state,
        Reason = TargetReason.Unregistered,
        Prefecture = InstitutionCode.Parse(code).Prefecture,
        Kind = InstitutionCode.Parse(code).Kind,
        LoginId = state == CampaignLetterState.Issued ? code + "@01" : null,
    };

    private static string Code(int prefecture, InstitutionKind kind, int number) =>
        InstitutionCode.Create(prefecture, kind, 1, number).Value;

    private static Institution Institution(string code, InstitutionStatus status)
    {
        var parsed = InstitutionCode.Parse(code);
        return new Institution
        {
            Code = code,
            Prefecture = parsed.Prefecture,
            Kind = parsed.Kind,
            Name = "医療機関" + code,
            Status = status,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            UpdatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
    }

    private static PortalUser Account(string code, DateTimeOffset createdAt) => new()
    {
        UserName = code + "@example.jp",
        NormalizedUserName = (code + "@example.jp").ToUpperInvariant(),
        Email = code + "@example.jp",
        NormalizedEmail = (code + "@example.jp").ToUpperInvariant(),
        EmailConfirmed = true,
        InstitutionCode = code,
        InstitutionRole = OnshiPortal.Features.People.InstitutionRole.Administrator,
        AccountOf = code,
        CreatedAt = createdAt,
    };

    private static TemporaryCredential Credential(string code, int sequence, DateTimeOffset issuedAt, DateTimeOffset? used = null, DateTimeOffset? revoked = null) => new()
    {
        InstitutionCode = code,
        Sequence = sequence,
        LoginId = $"{code}@{sequence:00}",
        Salt = new byte[CredentialHash.SaltLength],
        Hash = new byte[CredentialHash.HashLength],
        KeyId = "test",
        IssuedAt = issuedAt,
        ExpiresAt = issuedAt.AddDays(90),
        UsedAt = used,
        RevokedAt = revoked,
    };

    private static AuditEntry Audit(string action, string? code) => new()
    {
        At = new DateTimeOffset(2026, 4, 5, 0, 0, 0, TimeSpan.Zero),
        Actor = code is null ? "unknown" : code + "@01",
        Action = action,
        InstitutionCode = code,
    };

    private static ActivationRequest Request(string code, long credentialId, bool completed) => new()
    {
        InstitutionCode = code,
        CredentialId = credentialId,
        Email = code + "@example.jp",
        PasswordHash = "not-a-real-hash",
        TokenHash = Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"),
        CreatedAt = new DateTimeOffset(2026, 4, 6, 0, 0, 0, TimeSpan.Zero),
        ExpiresAt = new DateTimeOffset(2026, 4, 7, 0, 0, 0, TimeSpan.Zero),
        LastSentAt = new DateTimeOffset(2026, 4, 6, 0, 0, 0, TimeSpan.Zero),
        SendCount = 1,
        CompletedAt = completed ? new DateTimeOffset(2026, 4, 7, 0, 0, 0, TimeSpan.Zero) : null,
    };
}
