using OnshiPortal.Features.Filings;
using OnshiPortal.Features.People;
using OnshiPortal.Features.Vendors;
using OnshiPortal.Infrastructure.Localization;
using OnshiPortal.Infrastructure.Mail;

namespace OnshiPortal.Tests.Unit;

/// <summary>The delegation's invitation mail, in the language the 管理者 granted it in, with every placeholder filled.</summary>
public sealed class VendorMailsTests
{
    private static readonly Invitation Invited = new()
    {
        InstitutionCode = "0110113719",
        Email = "engineer@vendor.example.jp",
        DisplayName = "保守 太郎",
        VendorCompany = "株式会社オンラインシステム",
        Procedures = VendorDelegation.FormatProcedures([FilingType.Deferral, FilingType.Succession]),
        EndsOn = new DateOnly(2023, 6, 30),
        TokenHash = "x",
        InvitedBy = "admin-id",
        ExpiresAt = new DateTimeOffset(2023, 3, 2, 1, 0, 0, TimeSpan.Zero),
    };

    private static readonly MailOptions Options = new() { BaseUrl = "https://portal.example" };

    [Fact]
    public void The_Japanese_mail_names_the_institution_the_procedures_the_end_date_the_inviter_and_the_link()
    {
        using var _ = Languages.Use(Languages.Japanese);
        var mail = VendorMails.Invitation(Invited, "tok+en/=", "さくら内科", "事務長 佐藤", Options);

        Assert.Equal("engineer@vendor.example.jp", mail.To);
        Assert.Contains("さくら内科", mail.Subject);
        Assert.Contains("委任された手続き: 承継届出、経過措置届出", mail.TextBody);
        Assert.Contains("令和5年6月30日（2023年6月30日）", mail.TextBody);
        Assert.Contains("管理者 事務長 佐藤 様", mail.TextBody);
        Assert.Contains("https://portal.example/vendor/accept?token=tok%2Ben%2F%3D", mail.TextBody);
        Assert.DoesNotContain("{{", mail.HtmlBody);
    }

    [Fact]
    public void The_English_mail_has_the_English_names_of_the_procedures()
    {
        using var _ = Languages.Use(Languages.English);
        var mail = VendorMails.Invitation(Invited, "token", "さくら内科", "事務長 佐藤", Options);

        Assert.StartsWith("[Portal for Medical Institutions]", mail.Subject);
        Assert.Contains("Procedures delegated: Succession filing, Deferral filing", mail.TextBody);
        Assert.Contains("https://portal.example/vendor/accept?token=token", mail.TextBody);
        Assert.DoesNotContain("{{", mail.HtmlBody);
    }
}
